package io.custody.monitoring;

import org.axonframework.eventhandling.EventMessage;

/**
 * The stored JSON of an event's payload, as the event store holds it, without deserializing the event: the
 * monitoring processors read only the sketches of a prediction batch ({@link PredictionBatchView}),
 * not its hundreds of predictions. Implemented by infra's store adapter.
 */
public interface StoredPayloads {

    byte[] json(EventMessage<?> event);
}
