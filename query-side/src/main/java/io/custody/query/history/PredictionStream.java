package io.custody.query.history;

import io.custody.meta.Streams;

import java.util.Optional;

/**
 * A prediction's own name, {@code prediction:<environment>/<service>/<requestId>}. Stores from before
 * prediction batching hold a stream of that name; since then the prediction is inside a batch event that
 * the store's key tables name ({@code prediction_key}, {@code outcome_key}), and history and export find it
 * there. Environment and service names hold no slash; a request id may.
 */
record PredictionStream(String environment, String service, String requestId) {

    static Optional<PredictionStream> parse(String stream) {
        if (!stream.startsWith(Streams.PREDICTION)) {
            return Optional.empty();
        }
        String key = stream.substring(Streams.PREDICTION.length());
        int service = key.indexOf('/');
        int requestId = service < 0 ? -1 : key.indexOf('/', service + 1);
        if (requestId < 0 || requestId == key.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new PredictionStream(key.substring(0, service), key.substring(service + 1, requestId),
                key.substring(requestId + 1)));
    }
}
