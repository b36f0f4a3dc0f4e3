package io.custody.query.deployment;

import io.custody.events.deployment.DeploymentEvent;
import io.custody.events.deployment.DeploymentRolledBack;
import io.custody.events.deployment.ModelUndeployed;
import io.custody.events.deployment.ModelVersionDeployed;
import io.custody.values.ModelVersionRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a deployment event ends and starts stints, given the stints open before it. Pure, so the
 * PostgreSQL read model (which reads the open stints from its interval table as of the event's
 * position) and the search index (which folds the deployment's stream) cannot disagree. The rules are
 * the deployment aggregate's: one primary, at most one canary beside it.
 *
 * <p>Without a canary share the deployed version becomes the primary and everything else stops: the
 * primary it replaces, and any canary (its own canary stint, if it was the canary, ends as a
 * promotion). With a share it is the canary: a canary of another version stops, and its own stint with
 * another share ends and starts again. A rollback makes {@code to} the primary and stops everything
 * else. An undeploy stops everything.
 */
final class ServingRules {

    private ServingRules() {
    }

    /** A stint open on the deployment; {@code since} is where it started (a global position or a sequence). */
    record Stint(ModelVersionRef version, boolean canary, Double share, long since) {
    }

    enum StartReason { DEPLOYED, ROLLBACK }

    enum EndReason { REPLACED, PROMOTED, RESHARED, ROLLED_BACK, UNDEPLOYED }

    record Ending(Stint stint, EndReason reason, String note) {
    }

    record Start(ModelVersionRef version, boolean canary, Double share, StartReason reason) {
    }

    record Transition(List<Ending> endings, List<Start> starts) {

        /** The stints open after the event, the new ones starting {@code at}. */
        List<Stint> applyTo(List<Stint> open, long at) {
            List<Stint> after = new ArrayList<>(open);
            endings.forEach(e -> after.remove(e.stint()));
            starts.forEach(s -> after.add(new Stint(s.version(), s.canary(), s.share(), at)));
            return List.copyOf(after);
        }
    }

    static Transition of(List<Stint> open, DeploymentEvent event) {
        List<Ending> endings = new ArrayList<>();
        List<Start> starts = new ArrayList<>();
        if (event instanceof ModelVersionDeployed deployed && deployed.canaryShare() == null) {
            ModelVersionRef version = deployed.modelVersion();
            boolean alreadyPrimary = false;
            for (Stint s : open) {
                if (s.version().equals(version) && !s.canary()) {
                    alreadyPrimary = true;
                } else if (s.version().equals(version)) {
                    endings.add(new Ending(s, EndReason.PROMOTED, null));
                } else {
                    endings.add(new Ending(s, EndReason.REPLACED, "by " + version));
                }
            }
            if (!alreadyPrimary) {
                starts.add(new Start(version, false, null, StartReason.DEPLOYED));
            }
        } else if (event instanceof ModelVersionDeployed deployed) {
            ModelVersionRef version = deployed.modelVersion();
            boolean unchanged = false;
            for (Stint s : open) {
                if (s.version().equals(version)) {
                    if (s.canary() && Objects.equals(s.share(), deployed.canaryShare())) {
                        unchanged = true;
                    } else {
                        endings.add(new Ending(s, EndReason.RESHARED, null));
                    }
                } else if (s.canary() || s.version().equals(deployed.replaced())) {
                    endings.add(new Ending(s, EndReason.REPLACED, "by " + version));
                }
            }
            if (!unchanged) {
                starts.add(new Start(version, true, deployed.canaryShare(), StartReason.DEPLOYED));
            }
        } else if (event instanceof DeploymentRolledBack rolledBack) {
            ModelVersionRef to = rolledBack.to();
            boolean alreadyPrimary = false;
            for (Stint s : open) {
                if (s.version().equals(to) && !s.canary()) {
                    alreadyPrimary = true;
                } else if (s.version().equals(to)) {
                    endings.add(new Ending(s, EndReason.PROMOTED, null));
                } else {
                    endings.add(new Ending(s, EndReason.ROLLED_BACK, rolledBack.reason()));
                }
            }
            if (!alreadyPrimary) {
                starts.add(new Start(to, false, null, StartReason.ROLLBACK));
            }
        } else if (event instanceof ModelUndeployed undeployed) {
            // The aggregate stops serving altogether, whatever the event lists.
            open.forEach(s -> endings.add(new Ending(s, EndReason.UNDEPLOYED, undeployed.reason())));
        }
        return new Transition(List.copyOf(endings), List.copyOf(starts));
    }
}
