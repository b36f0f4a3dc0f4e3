package io.custody.mlflow;

import io.custody.command.api.Caller;
import io.custody.command.api.CommandDispatcher;
import io.custody.command.api.HttpCallers;
import io.custody.errors.CustodyException;
import io.custody.query.mlflow.MlflowQueries;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Sends the commands an MLflow request means, as the caller, through the one dispatcher every write API uses
 * (so the governance rules and the recorded actor are the same as over GraphQL), and waits for the read models,
 * so the next MLflow read sees the write. Refusals become MLflow errors. A run's logged data (metrics,
 * parameters and tags of log-metric and log-batch) is answered once stored, and the reads of run data wait for
 * the MLflow read model instead ({@link #awaitLogged()}, docs/mlflow.md).
 */
@Component
class MlflowCommands {

    static final String SOURCE = "mlflow";
    private static final Set<String> READ_MODELS = Set.of(MlflowQueries.READ_MODEL);

    private final CommandDispatcher dispatcher;

    MlflowCommands(CommandDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    static Caller caller(HttpServletRequest request) {
        return HttpCallers.from(request, SOURCE);
    }

    /** Sends the command; {@code eventTime} is the client's time of the fact in epoch millis, when it sent one. */
    Object send(Object command, String stream, Caller caller, Long eventTime) {
        try {
            return dispatcher.dispatch(command, stream, caller, null,
                    eventTime == null || eventTime <= 0 ? null : Instant.ofEpochMilli(eventTime).toString(), true)
                    .result();
        } catch (RuntimeException e) {
            throw MlflowException.of(e).orElseThrow(() -> e);
        }
    }

    /**
     * Sends a run's logged data and answers once it is stored, without waiting for any read model: a training
     * loop logs far more often than it reads, and each read of run data waits instead ({@link #awaitLogged()}),
     * so a client still reads every log it was answered for.
     */
    void log(Object command, String stream, Caller caller) {
        log(List.of(command), stream, caller);
    }

    /** Sends several logs of one run in order; one refused stops the rest, and what was stored before it stays. */
    void log(List<?> commands, String stream, Caller caller) {
        try {
            for (Object command : commands) {
                dispatcher.dispatch(command, stream, caller, null, null, false);
            }
        } catch (RuntimeException e) {
            throw MlflowException.of(e).orElseThrow(() -> e);
        }
    }

    /**
     * Before a read of run data: waits until the MLflow read model applied every event stored before it, so
     * every log answered before the read began is in its answer, whichever client sent it.
     */
    void awaitLogged() {
        dispatcher.awaitStored(READ_MODELS);
    }

    /** Builds a value, turning its validation failure into INVALID_PARAMETER_VALUE naming the MLflow field. */
    static <T> T value(String field, String raw, Function<String, T> parse) {
        if (raw == null || raw.isEmpty()) {
            throw MlflowException.required(field);
        }
        try {
            return parse.apply(raw);
        } catch (CustodyException e) {
            throw MlflowException.invalid("Invalid value '" + raw + "' for parameter '" + field + "': "
                    + e.getMessage());
        }
    }

    static <T> T build(Supplier<T> build) {
        try {
            return build.get();
        } catch (CustodyException e) {
            throw MlflowException.of(e).orElseThrow();
        }
    }

    static <T> T required(String field, T value) {
        if (value == null || value instanceof String text && text.isEmpty()) {
            throw MlflowException.required(field);
        }
        return value;
    }
}
