package io.custody.values;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A dataset as an OpenLineage event named it, resolved to a Custody dataset version. {@code namespace}
 * and {@code name} are OpenLineage's own identity, kept verbatim; {@code dataset} is the Custody name
 * made of them. {@code digest} is the version's digest in Custody: the registered one when the version
 * was known, else the derived identity Custody registered it with (see docs/ingest.md). {@code facets}
 * and {@code ioFacets} (inputFacets or outputFacets) are the event's facets, all of them, as sent.
 */
public record LineageDataset(String namespace, String name, DatasetName dataset, VersionLabel version,
                             ContentDigest digest, VersionSource versionSource, JsonNode facets, JsonNode ioFacets) {

    /** {@code dataset@version}, or the dataset alone when no version applies (job definitions). */
    public String key() {
        return version == null ? dataset.value() : DatasetVersionKey.of(dataset, version).key();
    }
}
