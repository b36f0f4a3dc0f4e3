package io.custody.command.model;

import io.custody.errors.CustodyException;
import io.custody.values.Alias;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** MLflow's model version stages, in its spelling, and the alias each maps onto (None has none). */
public final class ModelStages {

    public static final String NONE = "None";
    public static final String STAGING = "Staging";
    public static final String PRODUCTION = "Production";
    public static final String ARCHIVED = "Archived";
    public static final List<String> ALL = List.of(NONE, STAGING, PRODUCTION, ARCHIVED);

    private ModelStages() {
    }

    /** The stage as MLflow spells it; MLflow accepts any letter case. */
    public static String canonical(String stage) {
        return ALL.stream().filter(s -> s.equalsIgnoreCase(stage == null ? "" : stage.strip())).findFirst()
                .orElseThrow(() -> CustodyException.badRequest("input.stage", "must be one of " + ALL + " (got '"
                        + stage + "')"));
    }

    /** The alias a stage maps onto: its name in lowercase. */
    public static Optional<Alias> alias(String stage) {
        return NONE.equals(stage) ? Optional.empty() : Optional.of(Alias.of(stage.toLowerCase(Locale.ROOT)));
    }

    /** Which stages archive the versions already in them when asked to (MLflow's archive_existing_versions). */
    static boolean archivesOthers(String stage) {
        return STAGING.equals(stage) || PRODUCTION.equals(stage);
    }
}
