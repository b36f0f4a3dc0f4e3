package io.custody.mlflow;

import io.custody.query.mlflow.MlflowViews.Page;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MLflow's opaque page tokens: here the offset of the next page, base64 of {@code {"offset": n}} as MLflow's
 * own stores write it. A token that does not decode is an INVALID_PARAMETER_VALUE.
 */
final class PageTokens {

    private PageTokens() {
    }

    static int offset(String token) {
        if (token == null || token.isBlank()) {
            return 0;
        }
        try {
            String json = new String(Base64.getUrlDecoder().decode(token.strip()), StandardCharsets.UTF_8);
            String digits = json.replaceAll("[^0-9]", "");
            if (!json.matches("\\{\\s*\"offset\"\\s*:\\s*\\d{1,9}\\s*}")) {
                throw new IllegalArgumentException(json);
            }
            return Integer.parseInt(digits);
        } catch (IllegalArgumentException e) {
            throw MlflowException.invalid("Invalid page token '" + token + "'");
        }
    }

    static String next(Integer offset) {
        return offset == null ? null : Base64.getUrlEncoder().encodeToString(("{\"offset\": " + offset + "}")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** An MLflow page answer: the items under {@code field}, and next_page_token unless this is the last page. */
    static Map<String, Object> answer(String field, Page<?> page) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put(field, page.items());
        if (page.nextOffset() != null) {
            answer.put("next_page_token", next(page.nextOffset()));
        }
        return answer;
    }
}
