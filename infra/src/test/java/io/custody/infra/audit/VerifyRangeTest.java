package io.custody.infra.audit;

import io.custody.infra.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static io.custody.infra.support.GraphQlErrorsAssert.oneError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code verify} over GraphQL: any range is clamped to the stored one, a range that cannot be one is refused
 * naming the argument, and a second verify while one runs is refused with CONFLICT.
 */
class VerifyRangeTest extends IntegrationTest {

    private static final String VERIFY = "query($from: Long, $to: Long) { verify(from: $from, to: $to) "
            + "{ from to ok head sealedThrough events } }";
    /** The verifier's own statement, told apart from the sealer's, which also reads event_seal. */
    private static final String VERIFIER_WAITING = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            + "AND query = 'SELECT coalesce(max(global_index), 0) FROM event_seal'";

    @Autowired
    DataSource dataSource;

    @Test
    void the_largest_possible_to_is_clamped_to_the_newest_stored_position() {
        GraphQlTester.Response answer = verify(null, Long.MAX_VALUE);

        long head = answer.path("verify.head").entity(Long.class).get();
        long sealedThrough = answer.path("verify.sealedThrough").entity(Long.class).get();
        answer.path("verify.to").entity(Long.class).isEqualTo(Math.max(head, sealedThrough));
        answer.path("verify.from").entity(Long.class).isEqualTo(1L);
        answer.path("verify.ok").entity(Boolean.class).isEqualTo(true);
    }

    @Test
    void the_request_from_the_issue_answers() {
        graphQl().document("{ verify(to: 9223372036854775807) { ok } }").execute()
                .path("verify.ok").entity(Boolean.class).isEqualTo(true);
    }

    @Test
    void a_range_past_the_newest_position_verifies_nothing() {
        GraphQlTester.Response answer = verify(Long.MAX_VALUE - 1, Long.MAX_VALUE);

        long to = answer.path("verify.to").entity(Long.class).get();
        answer.path("verify.from").entity(Long.class).isEqualTo(to + 1);
        answer.path("verify.events").entity(Long.class).isEqualTo(0L);
    }

    @Test
    void a_negative_from_is_refused_naming_from() {
        verify(-5L, null).errors().satisfy(oneError("BAD_REQUEST", "from", "must be 1 or more"));
    }

    @Test
    void a_to_below_one_is_refused_naming_to() {
        verify(null, -1L).errors().satisfy(oneError("BAD_REQUEST", "to", "must be 1 or more"));
    }

    @Test
    void a_reversed_range_is_refused_naming_to() {
        verify(10L, 3L).errors().satisfy(oneError("BAD_REQUEST", "to", "must not be less than from"));
    }

    @Test
    void a_second_verify_while_one_runs_is_refused_with_conflict() throws Exception {
        CompletableFuture<GraphQlTester.Response> first;
        // Holding the seal table makes the first verify wait inside its transaction, however fast it would be.
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try (Statement s = lock.createStatement()) {
                s.execute("LOCK TABLE event_seal IN ACCESS EXCLUSIVE MODE");
            }
            first = CompletableFuture.supplyAsync(() -> verify(null, null));
            await().atMost(Duration.ofSeconds(30)).until(() -> verifiersWaiting() == 1);

            verify(null, null).errors().satisfy(errors -> {
                assertThat(errors).hasSize(1);
                assertThat(errors.get(0).getExtensions()).containsEntry("code", "CONFLICT");
                assertThat(errors.get(0).getMessage()).contains("a verify is running");
            });
            lock.rollback();
        }
        first.get().path("verify.ok").entity(Boolean.class).isEqualTo(true);
        verify(null, null).path("verify.ok").entity(Boolean.class).isEqualTo(true);
    }

    private GraphQlTester.Response verify(Long from, Long to) {
        return graphQl().document(VERIFY).variable("from", from).variable("to", to).execute();
    }

    private long verifiersWaiting() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(VERIFIER_WAITING)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
