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
 * position) and the search index (which folds the deployment's stream) cannot disagree.
 *
 * <p>A deployment has at most one primary stint at a time; canaries serve beside it. Without a canary
 * share a deployed version becomes the primary: the version it replaces stops, and so does its own
 * canary stint if it was one (a promotion). A rollback stops {@code from} and makes {@code to} the
 * primary again. An undeploy stops the listed versions, or every version when it lists none.
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
        if (event instanceof ModelVersionDeployed deployed) {
            ModelVersionRef version = deployed.modelVersion();
            ModelVersionRef replaced = deployed.replaced();
            if (deployed.canaryShare() == null) {
                boolean alreadyPrimary = false;
                for (Stint s : open) {
                    if (s.version().equals(version)) {
                        if (s.canary()) {
                            endings.add(new Ending(s, EndReason.PROMOTED, null));
                        } else {
                            alreadyPrimary = true;
                        }
                    } else if (s.version().equals(replaced) || !s.canary()) {
                        endings.add(new Ending(s, EndReason.REPLACED, "by " + version));
                    }
                }
                if (!alreadyPrimary) {
                    starts.add(new Start(version, false, null, StartReason.DEPLOYED));
                }
            } else {
                boolean unchanged = false;
                for (Stint s : open) {
                    if (s.version().equals(version)) {
                        if (s.canary() && Objects.equals(s.share(), deployed.canaryShare())) {
                            unchanged = true;
                        } else {
                            endings.add(new Ending(s, EndReason.RESHARED, null));
                        }
                    } else if (s.version().equals(replaced)) {
                        endings.add(new Ending(s, EndReason.REPLACED, "by " + version));
                    }
                }
                if (!unchanged) {
                    starts.add(new Start(version, true, deployed.canaryShare(), StartReason.DEPLOYED));
                }
            }
        } else if (event instanceof DeploymentRolledBack rolledBack) {
            ModelVersionRef to = rolledBack.to();
            boolean alreadyPrimary = false;
            for (Stint s : open) {
                if (s.version().equals(to) && !s.version().equals(rolledBack.from())) {
                    if (s.canary()) {
                        endings.add(new Ending(s, EndReason.PROMOTED, null));
                    } else {
                        alreadyPrimary = true;
                    }
                } else if (s.version().equals(rolledBack.from()) || !s.canary()) {
                    endings.add(new Ending(s, EndReason.ROLLED_BACK, rolledBack.reason()));
                }
            }
            if (!alreadyPrimary && to != null) {
                starts.add(new Start(to, false, null, StartReason.ROLLBACK));
            }
        } else if (event instanceof ModelUndeployed undeployed) {
            for (Stint s : open) {
                if (undeployed.versions().isEmpty() || undeployed.versions().contains(s.version())) {
                    endings.add(new Ending(s, EndReason.UNDEPLOYED, undeployed.reason()));
                }
            }
        }
        return new Transition(List.copyOf(endings), List.copyOf(starts));
    }
}
