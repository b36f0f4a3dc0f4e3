package io.custody.command.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.command.api.CommandDispatcher;
import io.custody.command.api.HttpCallers;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.List;

/**
 * {@code POST /api/v1/predictions} and {@code /api/v1/outcomes}: batches for one deployment, as a JSON
 * array or NDJSON. See docs/ingest.md.
 */
@RestController
class PredictionIngestController {

    static final String NDJSON = "application/x-ndjson";

    private final PredictionIngest ingest;
    private final CommandDispatcher dispatcher;
    private final ObjectMapper json;

    PredictionIngestController(PredictionIngest ingest, CommandDispatcher dispatcher, ObjectMapper json) {
        this.ingest = ingest;
        this.dispatcher = dispatcher;
        this.json = json;
    }

    @PostMapping(path = "/api/v1/predictions", consumes = {MediaType.APPLICATION_JSON_VALUE, NDJSON},
            produces = MediaType.APPLICATION_JSON_VALUE)
    IngestReply predictions(@RequestParam String environment, @RequestParam String service,
                            @RequestParam(defaultValue = "false") boolean wait, HttpServletRequest request)
            throws IOException {
        IngestReply reply = ingest.predictions(environment, service, body(request), HttpCallers.from(request, "ingest"));
        return waited(reply, wait);
    }

    @PostMapping(path = "/api/v1/outcomes", consumes = {MediaType.APPLICATION_JSON_VALUE, NDJSON},
            produces = MediaType.APPLICATION_JSON_VALUE)
    IngestReply outcomes(@RequestParam String environment, @RequestParam String service,
                         @RequestParam(defaultValue = "false") boolean wait, HttpServletRequest request)
            throws IOException {
        IngestReply reply = ingest.outcomes(environment, service, body(request), HttpCallers.from(request, "ingest"));
        return waited(reply, wait);
    }

    private List<JsonNode> body(HttpServletRequest request) throws IOException {
        String type = request.getContentType();
        return BatchBodies.read(json, request.getInputStream(), type != null && type.contains("ndjson"),
                PredictionIngest.MAX_BATCH);
    }

    /** By default a batch is acknowledged once stored; {@code wait=true} also waits for the read models. */
    private IngestReply waited(IngestReply reply, boolean wait) {
        if (wait && reply.accepted() > 0) {
            dispatcher.await(reply.position());
        }
        return reply;
    }
}
