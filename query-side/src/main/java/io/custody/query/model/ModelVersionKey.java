package io.custody.query.model;

/** Identifies a model version across the read models: model name and version number. */
public record ModelVersionKey(String model, int version) {

    /** The form the rest of Custody writes, {@code credit-risk#17}. */
    @Override
    public String toString() {
        return model + "#" + version;
    }
}
