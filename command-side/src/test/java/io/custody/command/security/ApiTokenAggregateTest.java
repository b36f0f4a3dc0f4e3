package io.custody.command.security;

import io.custody.command.security.ApiTokenCredentials.Credential;
import io.custody.commands.security.CreateApiToken;
import io.custody.commands.security.RevokeApiToken;
import io.custody.errors.ErrorCode;
import io.custody.events.security.ApiTokenCreated;
import io.custody.events.security.ApiTokenRevoked;
import io.custody.values.ActorName;
import io.custody.values.ApiTokenId;
import io.custody.values.Role;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.custody.command.support.CustodyMatchers.custody;
import static org.assertj.core.api.Assertions.assertThat;

class ApiTokenAggregateTest {

    private static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");
    private static final ApiTokenId ID = ApiTokenId.of("0123456789abcdef0123");
    private static final ActorName ACTOR = ActorName.of("airflow");
    private static final byte[] SALT = {1, 2, 3};
    private static final byte[] HASH = {4, 5, 6};

    private final RecordingCredentials credentials = new RecordingCredentials();
    private AggregateTestFixture<ApiTokenAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ApiTokenAggregate.class);
        fixture.registerInjectableResource(credentials);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static CreateApiToken create(Set<Role> roles, Instant expiresAt) {
        return new CreateApiToken(ID, ACTOR, roles, expiresAt, "nightly ingest", SALT, HASH);
    }

    private static ApiTokenCreated created() {
        return new ApiTokenCreated(ID, ACTOR, Set.of(Role.INGEST), null, "nightly ingest");
    }

    @Test
    void create_records_the_token_without_its_hash_and_stores_the_hash_as_the_credential() {
        Instant expiry = NOW.plusSeconds(3600);
        fixture.givenNoPriorActivity()
                .when(create(Set.of(Role.INGEST, Role.DEPLOYER), expiry))
                .expectEvents(new ApiTokenCreated(ID, ACTOR, Set.of(Role.INGEST, Role.DEPLOYER), expiry,
                        "nightly ingest"));
        Credential stored = credentials.byId.get(ID);
        assertThat(stored.hash()).isEqualTo(HASH);
        assertThat(stored.salt()).isEqualTo(SALT);
        assertThat(stored.roles()).containsExactlyInAnyOrder(Role.INGEST, Role.DEPLOYER);
        assertThat(stored.activeAt(NOW)).isTrue();
    }

    @Test
    void create_without_an_expiry_makes_a_token_that_lasts_until_revoked() {
        fixture.givenNoPriorActivity().when(create(Set.of(Role.INGEST), null)).expectEvents(created());
        assertThat(credentials.byId.get(ID).activeAt(NOW.plusSeconds(10L * 365 * 24 * 3600))).isTrue();
    }

    @Test
    void create_fails_withBadRequest_withoutRoles() {
        fixture.givenNoPriorActivity().when(create(Set.of(), null))
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.roles", "at least one role"));
        assertThat(credentials.byId).isEmpty();
    }

    @Test
    void create_fails_withBadRequest_forAnExpiryThatIsNotInTheFuture() {
        fixture.givenNoPriorActivity().when(create(Set.of(Role.VIEWER), NOW))
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.expiresAt", "must be in the future"));
    }

    @Test
    void create_fails_withBadRequest_withoutAHash() {
        fixture.givenNoPriorActivity()
                .when(new CreateApiToken(ID, ACTOR, Set.of(Role.VIEWER), null, null, new byte[0], new byte[0]))
                .expectException(custody(ErrorCode.BAD_REQUEST, "input", "salted hash"));
    }

    @Test
    void create_fails_withConflict_forAnIdThatExists() {
        fixture.given(created()).when(create(Set.of(Role.INGEST), null))
                .expectException(custody(ErrorCode.CONFLICT, "input.id", "already exists"));
    }

    @Test
    void revoke_records_the_reason_and_ends_the_credential() {
        credentials.store(new Credential(ID, ACTOR, Set.of(Role.INGEST), null, SALT, HASH, null), NOW);
        fixture.given(created()).when(new RevokeApiToken(ID, "leaked in a CI log"))
                .expectSuccessfulHandlerExecution().expectResultMessagePayload(true)
                .expectEvents(new ApiTokenRevoked(ID, "leaked in a CI log"));
        assertThat(credentials.byId.get(ID).activeAt(NOW)).isFalse();
    }

    @Test
    void revoke_of_a_revoked_token_changes_nothing() {
        fixture.given(created(), new ApiTokenRevoked(ID, "leaked")).when(new RevokeApiToken(ID, "again"))
                .expectResultMessagePayload(false).expectNoEvents();
    }

    @Test
    void revoke_fails_withBadRequest_withoutAReason() {
        fixture.given(created()).when(new RevokeApiToken(ID, " "))
                .expectException(custody(ErrorCode.BAD_REQUEST, "input.reason", "must say why"));
    }

    @Test
    void revoke_fails_forATokenThatDoesNotExist() {
        fixture.givenNoPriorActivity().when(new RevokeApiToken(ID, "leaked"))
                .expectException(AggregateNotFoundException.class);
    }

    /** Keeps what the handlers store, for the assertions. */
    private static final class RecordingCredentials implements ApiTokenCredentials {

        final Map<ApiTokenId, Credential> byId = new HashMap<>();

        @Override
        public void store(Credential credential, Instant createdAt) {
            byId.put(credential.id(), credential);
        }

        @Override
        public void revoke(ApiTokenId id, Instant revokedAt) {
            byId.computeIfPresent(id, (key, c) -> new Credential(c.id(), c.actor(), c.roles(), c.expiresAt(), c.salt(),
                    c.hash(), revokedAt));
        }

        @Override
        public Optional<Credential> find(ApiTokenId id) {
            return Optional.ofNullable(byId.get(id));
        }

        @Override
        public boolean anyActiveAt(Instant now) {
            return byId.values().stream().anyMatch(c -> c.activeAt(now));
        }
    }
}
