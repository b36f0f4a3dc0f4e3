package io.custody.values;

import java.util.Map;

/** Where a run executed: the container image (ideally by digest) and the versions of key packages. */
public record TrainingEnvironment(String image, Map<String, String> packages) {

    public TrainingEnvironment {
        packages = packages == null ? Map.of() : Map.copyOf(packages);
    }
}
