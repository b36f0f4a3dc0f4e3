package io.custody.query.security;

import io.custody.payloads.ApiTokenPayload;
import io.custody.payloads.CreatedApiTokenPayload;
import io.custody.query.support.Connection;
import io.custody.query.support.Cursors;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

import java.util.List;

/** {@code apiTokens} and the token field of the token mutations' payloads. */
@Controller
class ApiTokenQueries {

    private final ApiTokenRepository tokens;

    ApiTokenQueries(ApiTokenRepository tokens) {
        this.tokens = tokens;
    }

    @QueryMapping
    Connection<ApiTokenView> apiTokens(@Argument Integer first, @Argument String after,
                                       @Argument Boolean includeRevoked) {
        int size = Cursors.pageSize(first);
        boolean revoked = includeRevoked == null || includeRevoked;
        List<ApiTokenView> rows = tokens.page(Cursors.decode(after), size + 1, revoked);
        return Connection.fromOverfetch(rows, size, ApiTokenView::id, tokens.count(revoked));
    }

    @SchemaMapping(typeName = "CreatedApiTokenPayload", field = "token")
    ApiTokenView createdToken(CreatedApiTokenPayload payload) {
        return tokens.find(payload.id().value()).orElse(null);
    }

    @SchemaMapping(typeName = "ApiTokenPayload", field = "token")
    ApiTokenView token(ApiTokenPayload payload) {
        return tokens.find(payload.id().value()).orElse(null);
    }
}
