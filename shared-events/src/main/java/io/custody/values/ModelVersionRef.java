package io.custody.values;

import io.custody.errors.CustodyException;

/** One version of a registered model: {@code credit-risk} version 17, written {@code credit-risk#17}. */
public record ModelVersionRef(ModelName model, int version) {

    public ModelVersionRef {
        if (model == null) {
            throw CustodyException.badRequest("model", "is required");
        }
        if (version < 1) {
            throw CustodyException.badRequest("version", "must be 1 or more");
        }
    }

    @Override
    public String toString() {
        return model.value() + "#" + version;
    }
}
