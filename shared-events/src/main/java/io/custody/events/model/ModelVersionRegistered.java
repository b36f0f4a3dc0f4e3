package io.custody.events.model;

import io.custody.values.ContentDigest;
import io.custody.values.ModelName;
import io.custody.values.PolicyDecision;
import io.custody.values.RunId;

/**
 * A new version of a model, numbered by Custody (1..n), built by exactly one completed run. The
 * artifact is pinned by digest; the input signature describes what the model expects.
 * {@code decision} is the data-use decision the registration passed (null in events recorded before decisions were).
 */
public record ModelVersionRegistered(ModelName model, int version, RunId run, String artifactUri,
                                     ContentDigest artifactDigest, String inputSignature, String description,
                                     PolicyDecision decision)
        implements ModelEvent {

    /** A registration no policy was evaluated for (as recorded before decisions were). */
    public ModelVersionRegistered(ModelName model, int version, RunId run, String artifactUri,
                                  ContentDigest artifactDigest, String inputSignature, String description) {
        this(model, version, run, artifactUri, artifactDigest, inputSignature, description, null);
    }
}
