-- The command side's view of the lineage graph, for the rules that follow data downstream or upstream:
-- the impact recorded when a dataset version is quarantined, and the production gate that refuses a
-- model version descending from a quarantined dataset version at any depth. Written by the subscribing
-- processor "command-lookups" in the transaction that appends the events (LineageLookupProjection).

-- Data-flow edges between lineage node ids (io.custody.meta.LineageNodes): dataset version -> run or
-- job run that read it, run or job run -> dataset version it produced, run -> model version it built.
CREATE TABLE cs_lineage_edge (
    from_node VARCHAR(700) NOT NULL,
    to_node   VARCHAR(700) NOT NULL,
    PRIMARY KEY (from_node, to_node)
);

CREATE INDEX cs_lineage_edge_to ON cs_lineage_edge (to_node, from_node);

-- The newest version of each dataset (highest sequence in the dataset's stream): what an OpenLineage
-- input without a version facet is taken to have read.
CREATE TABLE cs_dataset_newest_version (
    dataset VARCHAR(512) PRIMARY KEY,
    version VARCHAR(128) NOT NULL,
    seq     BIGINT       NOT NULL
);
