package io.custody.command.lookup;

import io.custody.events.dataset.DatasetVersionRegistered;
import io.custody.events.lineage.LineageRecorded;
import io.custody.events.model.ModelVersionRegistered;
import io.custody.events.run.RunInputsLogged;
import io.custody.events.run.RunStarted;
import io.custody.lineage.LineageNodes;
import io.custody.values.DatasetVersionRef;
import io.custody.values.LineageDataset;
import io.custody.values.RunId;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the command side's view of the lineage graph: the data-flow edges (a dataset version read by a
 * run, a dataset version produced by a run, a model version built by a run) and each dataset's newest
 * version. Part of the subscribing group {@code command-lookups}, so the edges are written in the
 * transaction that appends their event, as one multi-row insert per table for all the events of a unit of work
 * ({@link LookupWrites}); inserts ignore what is already there, so a repeat changes nothing.
 */
@Component
@ProcessingGroup(LookupProjection.GROUP)
public class LineageLookupProjection {

    private final LookupWrites writes;

    LineageLookupProjection(JdbcTemplate jdbc) {
        this.writes = new LookupWrites(jdbc);
    }

    @EventHandler
    void on(DatasetVersionRegistered event, @SequenceNumber Long sequence) {
        String version = LineageNodes.datasetVersion(event.dataset(), event.version());
        if (event.producedByRun() != null && !event.producedByRun().isBlank()) {
            edge(LineageNodes.producer(event.producedByRun()), version);
        }
        // Keyed by dataset: of one unit of work's events, the dataset's last (highest sequence) is the newest.
        writes.later("""
                INSERT INTO cs_dataset_newest_version AS n (dataset, version, seq) VALUES (?, ?, ?)
                ON CONFLICT (dataset) DO UPDATE SET version = EXCLUDED.version, seq = EXCLUDED.seq
                WHERE n.seq < EXCLUDED.seq""",
                event.dataset().value(), event.dataset().value(), event.version().value(), sequence);
    }

    @EventHandler
    void on(RunStarted event) {
        inputEdges(event.run(), event.inputs());
    }

    @EventHandler
    void on(RunInputsLogged event) {
        inputEdges(event.run(), event.inputs());
    }

    private void inputEdges(RunId runId, List<DatasetVersionRef> inputs) {
        String run = LineageNodes.run(runId);
        List<Object[]> rows = new ArrayList<>();
        for (DatasetVersionRef input : inputs) {
            rows.add(new Object[]{LineageNodes.datasetVersion(input.dataset(), input.version()), run});
        }
        edges(rows);
    }

    @EventHandler
    void on(ModelVersionRegistered event) {
        edge(LineageNodes.run(event.run()),
                LineageNodes.modelVersion(new io.custody.values.ModelVersionRef(event.model(), event.version())));
    }

    @EventHandler
    void on(LineageRecorded event) {
        String run = LineageNodes.jobRun(event.run());
        List<Object[]> rows = new ArrayList<>();
        for (LineageDataset input : event.inputs()) {
            rows.add(new Object[]{LineageNodes.datasetVersion(input.dataset(), input.version()), run});
        }
        for (LineageDataset output : event.outputs()) {
            rows.add(new Object[]{run, LineageNodes.datasetVersion(output.dataset(), output.version())});
        }
        edges(rows);
    }

    private void edge(String from, String to) {
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[]{from, to});
        edges(rows);
    }

    private void edges(List<Object[]> rows) {
        for (Object[] row : rows) {
            writes.later("INSERT INTO cs_lineage_edge (from_node, to_node) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    row[0] + "\u0000" + row[1], row);
        }
    }
}
