package io.custody.query.history;

import io.custody.errors.CustodyException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code GET /api/v1/audit/export}: an entity's trail ({@code stream=}) or a time range's
 * ({@code from=&to=}, optionally {@code actor=} and {@code types=}), as JSON Lines or CSV. See
 * docs/time-travel.md.
 *
 * <p>The body is written on the request thread while the rows are read, rather than handed to an async
 * {@code StreamingResponseBody}: an export of a large range can take longer than the async request
 * timeout, which would cut it off midway.
 */
@RestController
class TrailExportController {

    private final TrailExport export;

    TrailExportController(TrailExport export) {
        this.export = export;
    }

    @GetMapping("/api/v1/audit/export")
    void export(@RequestParam(required = false) String stream, @RequestParam(required = false) String from,
                @RequestParam(required = false) String to, @RequestParam(required = false) String actor,
                @RequestParam(required = false) List<String> types,
                @RequestParam(required = false, defaultValue = "jsonl") String format,
                HttpServletResponse response) throws IOException {
        TrailExport.Format chosen = switch (format.toLowerCase(Locale.ROOT)) {
            case "jsonl", "ndjson" -> TrailExport.Format.JSONL;
            case "csv" -> TrailExport.Format.CSV;
            default -> throw CustodyException.badRequest("format", "must be jsonl or csv");
        };
        OffsetDateTime start = instant("from", from);
        OffsetDateTime end = instant("to", to);
        List<String> typeList = types == null ? List.of() : types.stream()
                .flatMap(t -> Arrays.stream(t.split(","))).map(String::trim).filter(t -> !t.isEmpty()).toList();
        if (stream != null && (stream.isBlank() || stream.length() > 255)) {
            throw CustodyException.badRequest("stream", "must be a stream id such as dataset:lending/applications");
        }
        if (stream != null && (actor != null || !typeList.isEmpty())) {
            throw CustodyException.badRequest("stream", "exports a whole stream; actor and types filter ranges only");
        }
        AuditTrailFilter filter = new AuditTrailFilter(start, end, actor, new ArrayList<>(typeList));

        response.setStatus(HttpServletResponse.SC_OK);
        response.setCharacterEncoding("UTF-8");
        response.setContentType(chosen == TrailExport.Format.CSV ? "text/csv" : "application/x-ndjson");
        response.setHeader("Content-Disposition", "attachment; filename=\"custody-audit."
                + (chosen == TrailExport.Format.CSV ? "csv" : "jsonl") + "\"");
        OutputStream out = response.getOutputStream();
        if (stream != null) {
            export.stream(stream, start, end, chosen, out);
        } else {
            export.range(filter, chosen, out);
        }
        out.flush();
    }

    private static OffsetDateTime instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).withOffsetSameInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(value).atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                throw CustodyException.badRequest(field, "must be an ISO-8601 instant, e.g. 2026-01-15T09:00:00Z");
            }
        }
    }
}
