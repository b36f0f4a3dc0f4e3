package io.custody.values;

import java.time.Instant;

/**
 * What a monitor compares each window with: either a dataset version's column profiles (their histograms, as
 * registered with the version), or a reference interval of the deployment's own predictions
 * ({@code referenceFrom} inclusive to {@code referenceTo} exclusive, by prediction time).
 */
public record MonitorBaseline(DatasetName dataset, VersionLabel version, Instant referenceFrom, Instant referenceTo) {

    /** Whether the baseline is a reference interval of predictions rather than a dataset version. */
    public boolean reference() {
        return dataset == null;
    }
}
