package io.custody.command.dataset;

import io.custody.commands.dataset.DeprecateDataset;
import io.custody.commands.dataset.QuarantineDatasetVersion;
import io.custody.commands.dataset.RegisterDataset;
import io.custody.commands.dataset.RegisterDatasetVersion;
import io.custody.command.lookup.LineageLookups;
import io.custody.command.lookup.StubLineage;
import io.custody.errors.CustodyException;
import io.custody.errors.ErrorCode;
import io.custody.events.dataset.DatasetDeprecated;
import io.custody.events.dataset.DatasetRegistered;
import io.custody.events.dataset.DatasetVersionQuarantined;
import io.custody.events.dataset.DatasetVersionRegistered;
import io.custody.events.dataset.ImpactAssessed;
import io.custody.values.ContentDigest;
import io.custody.values.DatasetName;
import io.custody.values.ImpactedNode;
import io.custody.values.SchemaField;
import io.custody.values.Tag;
import io.custody.values.TeamName;
import io.custody.values.VersionLabel;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasProperty;
import static org.hamcrest.Matchers.equalTo;

class DatasetAggregateTest {

    private static final DatasetName DATASET = DatasetName.of("lending/applications");
    private static final VersionLabel V3 = VersionLabel.of("v3");
    private static final ContentDigest DIGEST_A = ContentDigest.of("sha256:" + "a".repeat(64));
    private static final ContentDigest DIGEST_B = ContentDigest.of("sha256:" + "b".repeat(64));
    private static final TeamName TEAM = TeamName.of("risk-data");

    private AggregateTestFixture<DatasetAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(DatasetAggregate.class);
        fixture.registerInjectableResource(new StubLineage().impact(DATASET, V3, new LineageLookups.Impact(
                List.of(new ImpactedNode("run:train-1", List.of("datasetVersion:lending/applications@v3",
                        "run:train-1"))),
                List.of(new ImpactedNode("modelVersion:credit-risk#1", List.of("datasetVersion:lending/applications@v3",
                        "run:train-1", "modelVersion:credit-risk#1"))),
                List.of())));
    }

    private DatasetRegistered registered() {
        return new DatasetRegistered(DATASET, TEAM, "loan applications", Set.of(Tag.of("pii")));
    }

    private RegisterDatasetVersion version(ContentDigest digest) {
        return new RegisterDatasetVersion(DATASET, V3, "s3://lake/lending/applications/v3", digest,
                List.of(new SchemaField("income", "double", null)), 1000L, Set.of(), List.of(), null);
    }

    private DatasetVersionRegistered versionRegistered(ContentDigest digest) {
        RegisterDatasetVersion c = version(digest);
        return new DatasetVersionRegistered(c.dataset(), c.version(), c.location(), c.digest(), c.schema(),
                c.rowCount(), c.tags(), c.profile(), c.producedByRun());
    }

    @Test
    void register_records_the_dataset() {
        fixture.givenNoPriorActivity()
                .when(new RegisterDataset(DATASET, TEAM, "loan applications", Set.of(Tag.of("pii"))))
                .expectSuccessfulHandlerExecution()
                .expectEvents(registered());
    }

    @Test
    void register_again_with_same_facts_is_a_no_op() {
        fixture.given(registered())
                .when(new RegisterDataset(DATASET, TEAM, "loan applications", Set.of(Tag.of("pii"))))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void register_again_with_other_owner_is_a_conflict() {
        fixture.given(registered())
                .when(new RegisterDataset(DATASET, TeamName.of("other"), "loan applications", Set.of()))
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "input.name", "already registered"));
    }

    @Test
    void version_is_recorded() {
        fixture.given(registered())
                .when(version(DIGEST_A))
                .expectEvents(versionRegistered(DIGEST_A));
    }

    @Test
    void version_with_same_label_and_digest_is_a_no_op() {
        fixture.given(registered(), versionRegistered(DIGEST_A))
                .when(version(DIGEST_A))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void version_with_same_label_and_other_digest_is_a_conflict_naming_both_digests() {
        fixture.given(registered(), versionRegistered(DIGEST_A))
                .when(version(DIGEST_B))
                .expectNoEvents()
                .expectException(allOf(
                        custody(ErrorCode.CONFLICT, "input.digest", DIGEST_A.value()),
                        hasProperty("message", containsString(DIGEST_B.value()))));
    }

    @Test
    void version_of_unknown_dataset_is_not_found() {
        fixture.givenNoPriorActivity()
                .when(version(DIGEST_A))
                .expectNoEvents()
                .expectException(org.axonframework.modelling.command.AggregateNotFoundException.class);
    }

    @Test
    void version_of_deprecated_dataset_is_a_conflict() {
        fixture.given(registered(), new DatasetDeprecated(DATASET, "replaced"))
                .when(version(DIGEST_A))
                .expectNoEvents()
                .expectException(custody(ErrorCode.CONFLICT, "input.dataset", "deprecated"));
    }

    @Test
    void version_with_negative_row_count_is_a_bad_request() {
        fixture.given(registered())
                .when(new RegisterDatasetVersion(DATASET, V3, "s3://x/y", DIGEST_A, List.of(), -1L, Set.of(),
                        List.of(), null))
                .expectNoEvents()
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.rowCount", "zero or more"));
    }

    @Test
    void quarantine_records_the_reason_and_the_impact_assessed_at_that_moment() {
        fixture.given(registered(), versionRegistered(DIGEST_A))
                .when(new QuarantineDatasetVersion(DATASET, V3, "label leakage"))
                .expectEvents(new DatasetVersionQuarantined(DATASET, V3, "label leakage"),
                        new ImpactAssessed(DATASET, V3, "label leakage",
                                List.of(new ImpactedNode("run:train-1", List.of("datasetVersion:lending/applications@v3",
                                        "run:train-1"))),
                                List.of(new ImpactedNode("modelVersion:credit-risk#1",
                                        List.of("datasetVersion:lending/applications@v3", "run:train-1",
                                                "modelVersion:credit-risk#1"))),
                                List.of(), 1, 1, 0));
    }

    @Test
    void quarantine_twice_is_a_no_op() {
        fixture.given(registered(), versionRegistered(DIGEST_A), new DatasetVersionQuarantined(DATASET, V3, "x"))
                .when(new QuarantineDatasetVersion(DATASET, V3, "again"))
                .expectNoEvents();
    }

    @Test
    void quarantine_of_unknown_version_is_not_found() {
        fixture.given(registered())
                .when(new QuarantineDatasetVersion(DATASET, V3, "label leakage"))
                .expectNoEvents()
                .expectException(custody(ErrorCode.NOT_FOUND, "input.version", "no version v3"));
    }

    @Test
    void quarantine_without_reason_is_a_bad_request() {
        fixture.given(registered(), versionRegistered(DIGEST_A))
                .when(new QuarantineDatasetVersion(DATASET, V3, " "))
                .expectNoEvents()
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.reason", "must say why"));
    }

    @Test
    void deprecate_records_it_once() {
        fixture.given(registered())
                .when(new DeprecateDataset(DATASET, "replaced"))
                .expectEvents(new DatasetDeprecated(DATASET, "replaced"));
        fixture.given(registered(), new DatasetDeprecated(DATASET, "replaced"))
                .when(new DeprecateDataset(DATASET, "again"))
                .expectNoEvents();
    }

    static org.hamcrest.Matcher<CustodyException> custody(ErrorCode code, String field, String messagePart) {
        return allOf(
                hasProperty("message", containsString(messagePart)),
                Matchers.predicate(e -> e.code() == code && field.equals(e.field())));
    }
}
