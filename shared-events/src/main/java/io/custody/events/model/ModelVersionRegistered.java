package io.custody.events.model;

import io.custody.values.ContentDigest;
import io.custody.values.ModelName;
import io.custody.values.RunId;

/**
 * A new version of a model, numbered by Custody (1..n), built by exactly one completed run. The
 * artifact is pinned by digest; the input signature describes what the model expects.
 */
public record ModelVersionRegistered(ModelName model, int version, RunId run, String artifactUri,
                                     ContentDigest artifactDigest, String inputSignature, String description)
        implements ModelEvent {
}
