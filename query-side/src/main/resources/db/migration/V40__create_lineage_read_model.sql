-- Read model of the lineage graph, kept by the lineage-read-model processing group (LineageProjection).
-- Node ids are typed strings (io.custody.meta.LineageNodes): datasetVersion:lending/applications@v3,
-- run:<id>, jobRun:<uuid>, job:<namespace>/<name>, commit:<repository>@<sha>, modelVersion:credit-risk#17,
-- deployment:production/credit-api, dataset:lending/applications.
CREATE TABLE rm_lineage_node (
    node_id                 VARCHAR(700) PRIMARY KEY,
    kind                    VARCHAR(32)  NOT NULL,
    name                    TEXT         NOT NULL,
    -- Job runs and training runs: the state reported last, where an ending beats any other report
    -- whatever order the reports arrived in (OpenLineage COMPLETE may come before START).
    state                   VARCHAR(16),
    state_terminal          BOOLEAN,
    state_at                TIMESTAMPTZ,
    state_position          BIGINT,
    -- Facets as sent by OpenLineage, merged across reports: per facet name the newest report wins.
    facets                  JSONB,
    facets_position         BIGINT,
    quarantine_reason       TEXT,
    quarantined_at          TIMESTAMPTZ,
    quarantined_recorded_at TIMESTAMPTZ,
    quarantine_position     BIGINT,
    first_position          BIGINT       NOT NULL,
    first_recorded_at       TIMESTAMPTZ  NOT NULL
);

CREATE INDEX rm_lineage_node_quarantined ON rm_lineage_node (node_id) WHERE quarantine_position IS NOT NULL;

-- Edges are never deleted. Each records the event that created it (global position, event id, recorded
-- time); valid_from is when the emitter says it began to hold. Only deployments end: a DEPLOYED_TO edge
-- is one stint of a model version on a deployment (since = the position that opened it), closed with
-- valid_to and the ending event, so lineage as of a past instant still shows what was live then.
CREATE TABLE rm_lineage_edge (
    from_node         VARCHAR(700) NOT NULL,
    to_node           VARCHAR(700) NOT NULL,
    kind              VARCHAR(32)  NOT NULL,
    since             BIGINT       NOT NULL DEFAULT 0,
    position          BIGINT       NOT NULL,
    event_id          VARCHAR(255) NOT NULL,
    recorded_at       TIMESTAMPTZ  NOT NULL,
    valid_from        TIMESTAMPTZ  NOT NULL,
    valid_to          TIMESTAMPTZ,
    ended_position    BIGINT,
    ended_event_id    VARCHAR(255),
    ended_recorded_at TIMESTAMPTZ,
    PRIMARY KEY (from_node, to_node, kind, since)
);

-- Downstream walks use the primary key (from_node first); upstream walks this one.
CREATE INDEX rm_lineage_edge_to ON rm_lineage_edge (to_node, from_node);
CREATE INDEX rm_lineage_edge_open_stint ON rm_lineage_edge (to_node) WHERE kind = 'DEPLOYED_TO' AND ended_position IS NULL;
