package io.custody.events.lineage;

import io.custody.values.JobRef;

/** What OpenLineage JobEvents said about a job, stream {@code job:<namespace>/<name>}. */
public sealed interface JobDefinitionEvent permits JobDescribed {

    JobRef job();
}
