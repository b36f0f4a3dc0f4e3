package io.custody.command.model;

import io.custody.command.api.Caller;
import io.custody.command.api.Inputs;
import io.custody.commands.model.ApproveModelVersion;
import io.custody.commands.model.ArchiveModelVersion;
import io.custody.commands.model.RecordValidation;
import io.custody.commands.model.RegisterModel;
import io.custody.commands.model.RegisterModelVersion;
import io.custody.commands.model.RemoveAlias;
import io.custody.commands.model.SetAlias;
import io.custody.errors.CustodyException;
import io.custody.values.Alias;
import io.custody.values.ContentDigest;
import io.custody.values.ModelName;
import io.custody.values.RiskTier;
import io.custody.values.RunId;
import io.custody.values.TeamName;
import io.custody.values.ValidationCheck;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The wire shapes of the model commands, shared by GraphQL and the HTTP ingest, and their validation.
 * Validator and approver are always the caller: an approval names who gave it, not who claims to.
 */
public final class ModelInputs {

    private ModelInputs() {
    }

    static int versionNumber(String field, Integer version) {
        if (Inputs.present(field, version) < 1) {
            throw CustodyException.badRequest(field, "must be 1 or more");
        }
        return version;
    }

    static RiskTier parseRiskTier(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            throw CustodyException.badRequest(field, "is required");
        }
        try {
            return RiskTier.valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CustodyException.badRequest(field, "must be one of " + Arrays.toString(RiskTier.values())
                    + " (got '" + raw + "')");
        }
    }

    public record RegisterModelInput(String name, String owner, String domain, String riskTier, String description,
                                     String clientEventId) {

        public RegisterModel toCommand(Caller caller) {
            return new RegisterModel(
                    Inputs.required("input.name", name, ModelName::new),
                    Inputs.required("input.owner", owner, TeamName::new),
                    Inputs.text("input.domain", domain, 128, false),
                    parseRiskTier("input.riskTier", riskTier),
                    Inputs.text("input.description", description, 10_000, false));
        }
    }

    public record RegisterModelVersionInput(String model, String run, String artifactUri, String artifactDigest,
                                            String inputSignature, String description, String clientEventId) {

        public RegisterModelVersion toCommand(Caller caller) {
            return new RegisterModelVersion(
                    Inputs.required("input.model", model, ModelName::new),
                    Inputs.required("input.run", run, RunId::new),
                    Inputs.uri("input.artifactUri", artifactUri, true),
                    Inputs.required("input.artifactDigest", artifactDigest, ContentDigest::new),
                    Inputs.text("input.inputSignature", inputSignature, 100_000, false),
                    Inputs.text("input.description", description, 10_000, false));
        }
    }

    public record ValidationMetricInput(String name, Double value) {
    }

    public record ValidationCheckInput(String name, Boolean passed, String detail) {

        ValidationCheck toValue() {
            return new ValidationCheck(Inputs.text("name", name, 256, true), Inputs.present("passed", passed),
                    Inputs.text("detail", detail, 2000, false));
        }
    }

    public record RecordValidationInput(String model, Integer version, List<ValidationMetricInput> metrics,
                                        List<ValidationCheckInput> checks, String clientEventId) {

        public RecordValidation toCommand(Caller caller) {
            Map<String, Double> values = new LinkedHashMap<>();
            if (metrics != null) {
                for (int i = 0; i < metrics.size(); i++) {
                    String field = "input.metrics[" + i + "]";
                    String name = Inputs.text(field + ".name", metrics.get(i).name(), 256, true);
                    Double value = Inputs.present(field + ".value", metrics.get(i).value());
                    if (values.putIfAbsent(name, value) != null) {
                        throw CustodyException.badRequest(field + ".name", "metric " + name + " is given twice");
                    }
                }
            }
            return new RecordValidation(
                    Inputs.required("input.model", model, ModelName::new),
                    versionNumber("input.version", version),
                    values,
                    Inputs.list("input.checks", checks, ValidationCheckInput::toValue),
                    caller.actor());
        }
    }

    public record ApproveModelVersionInput(String model, Integer version, String role, String comment,
                                           String clientEventId) {

        public ApproveModelVersion toCommand(Caller caller) {
            return new ApproveModelVersion(
                    Inputs.required("input.model", model, ModelName::new),
                    versionNumber("input.version", version),
                    caller.actor(),
                    Inputs.text("input.role", role, 128, false),
                    Inputs.text("input.comment", comment, 2000, false));
        }
    }

    public record SetAliasInput(String model, String alias, Integer version, String clientEventId) {

        public SetAlias toCommand(Caller caller) {
            return new SetAlias(
                    Inputs.required("input.model", model, ModelName::new),
                    Inputs.required("input.alias", alias, Alias::new),
                    versionNumber("input.version", version));
        }
    }

    public record RemoveAliasInput(String model, String alias, String clientEventId) {

        public RemoveAlias toCommand(Caller caller) {
            return new RemoveAlias(
                    Inputs.required("input.model", model, ModelName::new),
                    Inputs.required("input.alias", alias, Alias::new));
        }
    }

    public record ArchiveModelVersionInput(String model, Integer version, String reason, String clientEventId) {

        public ArchiveModelVersion toCommand(Caller caller) {
            return new ArchiveModelVersion(
                    Inputs.required("input.model", model, ModelName::new),
                    versionNumber("input.version", version),
                    Inputs.text("input.reason", reason, 2000, false));
        }
    }
}
