package io.custody.command.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.command.api.HttpCallers;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;

/** {@code POST /api/v1/events}: a batch of lifecycle commands, JSON array or NDJSON. See docs/ingest.md. */
@RestController
class LifecycleIngestController {

    private final LifecycleIngest ingest;
    private final ObjectMapper json;

    LifecycleIngestController(LifecycleIngest ingest, ObjectMapper json) {
        this.ingest = ingest;
        this.json = json;
    }

    @PostMapping(path = "/api/v1/events", consumes = {MediaType.APPLICATION_JSON_VALUE, PredictionIngestController.NDJSON},
            produces = MediaType.APPLICATION_JSON_VALUE)
    IngestReply events(HttpServletRequest request) throws IOException {
        String type = request.getContentType();
        return ingest.ingest(BatchBodies.read(json, request.getInputStream(), type != null && type.contains("ndjson"),
                LifecycleIngest.MAX_BATCH), HttpCallers.from(request, "ingest"));
    }
}
