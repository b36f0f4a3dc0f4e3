package io.custody.commands.model;

import io.custody.meta.Streams;
import io.custody.values.ModelName;
import io.custody.values.ValidationCheck;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;
import java.util.Map;

/** Record a validation of a model version. */
public record RecordValidation(ModelName model, int version, Map<String, Double> metrics, List<ValidationCheck> checks, String validatedBy) {

    @TargetAggregateIdentifier
    public String streamId() {
        return Streams.model(model);
    }
}
