package io.custody.query.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custody.events.deployment.DeploymentRolledBack;
import io.custody.events.deployment.ModelVersionDeployed;
import io.custody.events.model.ModelVersionRegistered;
import io.custody.events.policy.PolicyDecisionRecorded;
import io.custody.events.policy.PolicyPublished;
import io.custody.meta.Metadata;
import io.custody.query.support.EventPositions;
import io.custody.query.support.EventTimes;
import io.custody.values.Environment;
import io.custody.values.GovernedCommand;
import io.custody.values.PolicyDecision;
import io.custody.values.ServiceName;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Keeps {@code rm_policy} and {@code rm_policy_decision}: publications, refusals, and the decisions the allowed
 * commands' own events carry (events recorded before decisions were carry none and add no row). Rows are keyed
 * by the event's global position and inserted once, so a replay changes nothing.
 */
@Component
@ProcessingGroup(PolicyProjection.GROUP)
class PolicyProjection {

    static final String GROUP = "policy-read-model";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final EventPositions positions;

    PolicyProjection(JdbcTemplate jdbc, ObjectMapper json, EventPositions positions) {
        this.jdbc = jdbc;
        this.json = json;
        this.positions = positions;
    }

    @EventHandler
    void on(PolicyPublished event, TrackingToken token, @Timestamp Instant at) {
        jdbc.update("""
                INSERT INTO rm_policy (name, version, document, sha256, published_by, published_at, position)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name, version) DO NOTHING""",
                event.name().value(), event.version(), event.document(), event.sha256(), event.publishedBy(),
                EventTimes.utc(at), positions.of(token));
    }

    @EventHandler
    void on(PolicyDecisionRecorded event, TrackingToken token, @Timestamp Instant at) {
        decision(positions.of(token), at, event.command(), event.model().value(), event.version(),
                event.environment(), event.service(), event.actor(), event.decision());
    }

    @EventHandler
    void on(ModelVersionDeployed event, TrackingToken token, @Timestamp Instant at,
            @MetaDataValue(value = Metadata.ACTOR, required = false) String actor) {
        decision(positions.of(token), at, GovernedCommand.DEPLOY_MODEL_VERSION,
                event.modelVersion().model().value(), event.modelVersion().version(), event.environment(),
                event.service(), actor, event.decision());
    }

    @EventHandler
    void on(DeploymentRolledBack event, TrackingToken token, @Timestamp Instant at,
            @MetaDataValue(value = Metadata.ACTOR, required = false) String actor) {
        decision(positions.of(token), at, GovernedCommand.ROLL_BACK, event.to().model().value(),
                event.to().version(), event.environment(), event.service(), actor, event.decision());
    }

    @EventHandler
    void on(ModelVersionRegistered event, TrackingToken token, @Timestamp Instant at,
            @MetaDataValue(value = Metadata.ACTOR, required = false) String actor) {
        decision(positions.of(token), at, GovernedCommand.REGISTER_MODEL_VERSION, event.model().value(),
                event.version(), null, null, actor, event.decision());
    }

    private void decision(long position, Instant at, GovernedCommand command, String model, Integer version,
                          Environment environment, ServiceName service, String actor, PolicyDecision decision) {
        if (decision == null) {
            return;
        }
        jdbc.update("""
                INSERT INTO rm_policy_decision (position, command, model, version, environment, service, actor, outcome,
                                                policy_name, policy_version, rules, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?) ON CONFLICT (position) DO NOTHING""",
                position, command.name(), model, version, environment == null ? null : environment.value(),
                service == null ? null : service.value(), actor, decision.outcome().name(), decision.policy().value(),
                decision.policyVersion(), write(decision), EventTimes.utc(at));
    }

    private String write(PolicyDecision decision) {
        try {
            return json.writeValueAsString(decision.rules());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a decision's rules", e);
        }
    }
}
