package io.custody.lineage;

import io.custody.values.CodeLocation;
import io.custody.values.CodeVersion;
import io.custody.values.ContentDigest;
import io.custody.values.DatasetName;
import io.custody.values.DatasetVersionKey;
import io.custody.values.Environment;
import io.custody.values.JobRef;
import io.custody.values.JobRunId;
import io.custody.values.ModelVersionRef;
import io.custody.values.RunId;
import io.custody.values.ServiceName;
import io.custody.values.VersionLabel;


/**
 * Ids of the nodes of the lineage graph, typed by a prefix: {@code datasetVersion:lending/applications@v3},
 * {@code run:<id>}, {@code commit:<repository>@<sha>}, {@code modelVersion:credit-risk#17},
 * {@code deployment:production/credit-api}, {@code job:<namespace>/<name>}, {@code jobRun:<uuid>},
 * {@code dataset:lending/applications}. The command side's lookups and the query side's read model spell
 * them the same way, so a path computed on one side names the same nodes on the other.
 */
public final class LineageNodes {

    public static final String DATASET = "dataset:";
    public static final String DATASET_VERSION = "datasetVersion:";
    public static final String RUN = "run:";
    public static final String JOB = "job:";
    public static final String JOB_RUN = "jobRun:";
    public static final String COMMIT = "commit:";
    public static final String MODEL_VERSION = "modelVersion:";
    public static final String DEPLOYMENT = "deployment:";

    /**
     * Longer ids are shortened to their prefix and a hash: index entries have a size limit, and a
     * repository URL alone may take 2 KB. The node keeps its full name beside the id.
     */
    static final int MAX_ID = 600;

    private LineageNodes() {
    }

    public static String dataset(DatasetName dataset) {
        return bounded(DATASET, dataset.value());
    }

    public static String datasetVersion(DatasetName dataset, VersionLabel version) {
        return bounded(DATASET_VERSION, DatasetVersionKey.of(dataset, version).key());
    }

    public static String run(RunId run) {
        return bounded(RUN, run.value());
    }

    /**
     * The run a dataset version names as its producer ({@code producedByRun}, free text): a typed id as
     * it stands ({@code jobRun:<uuid>}, {@code run:<id>}), anything else a training run's id.
     */
    public static String producer(String producedByRun) {
        if (producedByRun.startsWith(JOB_RUN) || producedByRun.startsWith(RUN)) {
            return bounded("", producedByRun);
        }
        return bounded(RUN, producedByRun);
    }

    public static String jobRun(JobRunId run) {
        return JOB_RUN + run.value();
    }

    public static String job(JobRef job) {
        return bounded(JOB, job.key());
    }

    public static String commit(String repository, String commit) {
        return bounded(COMMIT, repository + "@" + commit);
    }

    public static String commit(CodeVersion code) {
        return commit(code.repository(), code.commit());
    }

    public static String commit(CodeLocation code) {
        return commit(code.repository(), code.revision());
    }

    public static String modelVersion(ModelVersionRef ref) {
        return bounded(MODEL_VERSION, ref.model().value() + "#" + ref.version());
    }

    public static String deployment(Environment environment, ServiceName service) {
        return bounded(DEPLOYMENT, environment.value() + "/" + service.value());
    }

    /** The node's kind, from its id's prefix; null when the id has none of the known prefixes. */
    public static String kindOf(String id) {
        for (String prefix : new String[]{DATASET_VERSION, DATASET, RUN, JOB_RUN, JOB, COMMIT, MODEL_VERSION,
                DEPLOYMENT}) {
            if (id.startsWith(prefix)) {
                return prefix.substring(0, prefix.length() - 1);
            }
        }
        return null;
    }

    /** The id without its prefix: the readable name, unless the id was shortened. */
    public static String nameOf(String id) {
        int colon = id.indexOf(':');
        return colon < 0 ? id : id.substring(colon + 1);
    }

    private static String bounded(String prefix, String name) {
        String id = prefix + name;
        if (id.length() <= MAX_ID) {
            return id;
        }
        int colon = id.indexOf(':');
        return id.substring(0, colon + 1) + "sha256:" + ContentDigest.sha256Hex(id);
    }
}
