package io.custody.command.lineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.command.api.HttpCallers;
import io.custody.command.ingest.BatchBodies;
import io.custody.command.ingest.IngestReply;
import io.custody.errors.CustodyException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * {@code POST /api/v1/lineage}, the path Marquez serves, so an OpenLineage integration (Airflow, Spark,
 * dbt, the Java and Python clients) reports to Custody by changing its URL only. One event per request;
 * 201 when recorded, 200 when it had been recorded before, 400 naming the JSON path of a problem.
 * {@code POST /api/v1/lineage/batch} takes many events (a JSON array or NDJSON) in one transaction and
 * answers each one's outcome, as {@code /api/v1/predictions} does. See docs/ingest.md.
 */
@RestController
class OpenLineageController {

    /** Beyond this a single event is more likely a runaway facet than lineage. */
    static final int MAX_BYTES = 5 * 1024 * 1024;
    static final String NDJSON = "application/x-ndjson";
    /**
     * OpenLineage clients send {@code application/json}; a vendor type such as {@code application/vnd.x+json}
     * is JSON too. Anything else is answered 415 before the body is read.
     */
    static final String JSON_SUFFIXED = "application/*+json";

    private final OpenLineageIngest ingest;
    private final ObjectMapper json;

    OpenLineageController(OpenLineageIngest ingest, ObjectMapper json) {
        this.ingest = ingest;
        this.json = json;
    }

    @PostMapping(path = "/api/v1/lineage", consumes = {MediaType.APPLICATION_JSON_VALUE, JSON_SUFFIXED},
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<OpenLineageIngest.Reply> lineage(@RequestParam(defaultValue = "true") boolean wait,
                                                    HttpServletRequest request) throws IOException {
        OpenLineageIngest.Reply reply = ingest.ingest(read(request.getInputStream()),
                HttpCallers.from(request, "openlineage"), wait);
        return ResponseEntity.status("ACCEPTED".equals(reply.status()) ? HttpStatus.CREATED : HttpStatus.OK)
                .body(reply);
    }

    /** Many events, stored in one transaction; by default acknowledged once stored. */
    @PostMapping(path = "/api/v1/lineage/batch", consumes = {MediaType.APPLICATION_JSON_VALUE, JSON_SUFFIXED, NDJSON},
            produces = MediaType.APPLICATION_JSON_VALUE)
    IngestReply batch(@RequestParam(defaultValue = "false") boolean wait, HttpServletRequest request)
            throws IOException {
        String type = request.getContentType();
        List<JsonNode> events = BatchBodies.read(json, request.getInputStream(), type != null && type.contains("ndjson"),
                OpenLineageIngest.MAX_BATCH);
        return ingest.ingestBatch(events, HttpCallers.from(request, "openlineage"), wait);
    }

    private JsonNode read(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw CustodyException.badRequest("$", "an event may take at most " + MAX_BYTES + " bytes");
        }
        if (bytes.length == 0) {
            throw CustodyException.badRequest("$", "is empty: send one OpenLineage event as JSON");
        }
        try {
            return json.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw CustodyException.badRequest("$", "is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
