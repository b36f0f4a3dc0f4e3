package io.custody.infra.security;

import io.custody.values.Role;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static io.custody.values.Role.ADMIN;
import static io.custody.values.Role.APPROVER;
import static io.custody.values.Role.AUDITOR;
import static io.custody.values.Role.DATA_SCIENTIST;
import static io.custody.values.Role.DEPLOYER;
import static io.custody.values.Role.INGEST;
import static io.custody.values.Role.VIEWER;

/**
 * Who may call what, in one table (docs/security.md): every GraphQL Query and Mutation field, every HTTP
 * endpoint, and every command the lifecycle ingest accepts. ADMIN may do everything. A field, path or
 * command not named here needs ADMIN, so a new operation stays closed until it is given its roles.
 * Resolvers and controllers check nothing themselves: GraphQlAccess, the security filter chain and the
 * ingest's OperationAccess ask here.
 */
public final class AccessRules {

    public static final String QUERY = "Query";
    public static final String MUTATION = "Mutation";
    public static final String SUBSCRIPTION = "Subscription";

    /** Every role that reads the inventory: all but INGEST, which only sends. */
    private static final Set<Role> READERS = EnumSet.of(VIEWER, DATA_SCIENTIST, APPROVER, DEPLOYER, AUDITOR);
    private static final Set<Role> EVERY_ROLE = EnumSet.allOf(Role.class);
    private static final Set<Role> ADMIN_ONLY = EnumSet.noneOf(Role.class);
    private static final String PRODUCTION = "production";

    private final Map<String, Rule> queries = new LinkedHashMap<>();
    private final Map<String, Rule> mutations = new LinkedHashMap<>();
    private final Map<String, Rule> subscriptions = new LinkedHashMap<>();
    private final List<PathRule> paths = new ArrayList<>();

    public AccessRules() {
        // VIEWER, and every role that reads: the inventory, search, lineage, impact, custody.
        query(READERS, "about", "dataset", "datasetVersion", "datasets", "run", "runs", "model", "models",
                "modelVersion", "deployment", "deployments", "prediction", "custody", "search", "lineage",
                "lineageNode", "impact", "impactOfCommit", "policy", "policies", "policyDiff", "decisions",
                "evaluatePolicy", "monitor", "monitors", "alerts", "alert");
        // Any authenticated caller may ask who it is, an ingest pipeline too.
        query(EVERY_ROLE, "me");
        // AUDITOR: the log itself and its proof.
        query(EnumSet.of(AUDITOR), "auditTrail", "history", "verify");
        // ADMIN: tokens, rebuilds, dead letters, webhooks and their delivery log.
        query(ADMIN_ONLY, "apiTokens", "readModels", "rebuild", "rebuilds", "deadLetters", "webhooks",
                "webhookDeliveries");

        // DATA_SCIENTIST: datasets, runs, models (quarantine included).
        mutation(EnumSet.of(DATA_SCIENTIST), "registerDataset", "registerDatasetVersion", "quarantineDatasetVersion",
                "deprecateDataset", "startRun", "logMetrics", "logArtifact", "completeRun", "failRun", "registerModel",
                "registerModelVersion", "setAlias", "removeAlias", "archiveModelVersion");
        // APPROVER: the evidence and the sign-off a production deployment needs.
        mutation(EnumSet.of(APPROVER), "recordValidation", "approveModelVersion");
        // DEPLOYER in every environment; DATA_SCIENTIST outside production.
        deployment(EnumSet.of(DEPLOYER), EnumSet.of(DATA_SCIENTIST), "deployModelVersion", "rollBack", "undeploy");
        // Monitoring: those who train and those who deploy set monitors up and answer their alerts.
        mutation(EnumSet.of(DATA_SCIENTIST, DEPLOYER), "createMonitor", "changeMonitor", "pauseMonitor",
                "acknowledgeAlert", "resolveAlert");
        // ADMIN.
        mutation(ADMIN_ONLY, "createApiToken", "revokeApiToken", "rebuildReadModel", "retryDeadLetters",
                "publishPolicy", "registerWebhook", "disableWebhook", "enableWebhook", "removeWebhook");

        // Subscriptions (over /graphql-ws): what the matching query needs.
        declare(subscriptions, new Rule(withAdmin(READERS), Set.of()), "alerts");

        // Probes stay open for load balancers and orchestrators; they answer their status only.
        open("/actuator/health/liveness", "/actuator/health/readiness");
        // The GraphiQL page and the console are static; the requests they send need a token like any other.
        open("/graphiql/**");
        open("/", "/index.html", "/console/**");
        // Each field of a GraphQL request is authorised by the field rules above; the schema is no secret
        // from a caller who may introspect it.
        path(EVERY_ROLE, "/graphql", "/graphql/schema");
        // The WebSocket upgrade carries no header a browser can set: the connection authenticates with the bearer
        // token in its connection_init payload (GraphQlWebSocketAuthentication), refused without one, and each
        // subscription field is then authorised like every other field.
        open("/graphql-ws");
        // INGEST: the HTTP ingest endpoints. A command in /api/v1/events also needs its mutation's role.
        // (A pattern ending in /** matches its own root too: /api/v1/lineage.)
        path(EnumSet.of(INGEST), "/api/v1/predictions", "/api/v1/outcomes", "/api/v1/events", "/api/v1/lineage/**");
        // AUDITOR: the trail as a download.
        path(EnumSet.of(AUDITOR), "/api/v1/audit/export");
        // The MLflow API (docs/mlflow.md): its reads for every reading role, its writes for DATA_SCIENTIST, as the
        // GraphQL queries and mutations they mirror. Each path is one operation, but for registered-models/alias.
        String mlflow = "/api/2.0/mlflow/";
        path(READERS, HttpMethod.GET, mlflow + "experiments/get", mlflow + "experiments/get-by-name",
                mlflow + "experiments/search", mlflow + "runs/get", mlflow + "metrics/get-history",
                mlflow + "registered-models/get", mlflow + "registered-models/search",
                mlflow + "registered-models/get-latest-versions", mlflow + "registered-models/alias",
                mlflow + "model-versions/get", mlflow + "model-versions/search", mlflow + "model-versions/get-download-uri");
        path(READERS, HttpMethod.POST, mlflow + "experiments/search", mlflow + "runs/search",
                mlflow + "registered-models/get-latest-versions");
        path(EnumSet.of(DATA_SCIENTIST), HttpMethod.POST, mlflow + "experiments/create", mlflow + "experiments/update",
                mlflow + "experiments/delete", mlflow + "experiments/restore", mlflow + "experiments/set-experiment-tag",
                mlflow + "runs/create", mlflow + "runs/update", mlflow + "runs/delete", mlflow + "runs/restore",
                mlflow + "runs/log-metric", mlflow + "runs/log-parameter", mlflow + "runs/log-batch",
                mlflow + "runs/log-inputs", mlflow + "runs/set-tag", mlflow + "runs/delete-tag",
                mlflow + "registered-models/create", mlflow + "registered-models/rename",
                mlflow + "registered-models/alias", mlflow + "registered-models/set-tag", mlflow + "model-versions/create",
                mlflow + "model-versions/transition-stage", mlflow + "model-versions/set-tag");
        path(EnumSet.of(DATA_SCIENTIST), HttpMethod.PATCH, mlflow + "registered-models/update",
                mlflow + "model-versions/update");
        path(EnumSet.of(DATA_SCIENTIST), HttpMethod.DELETE, mlflow + "registered-models/delete",
                mlflow + "registered-models/alias", mlflow + "registered-models/delete-tag",
                mlflow + "model-versions/delete-tag");
        // ADMIN: every other actuator endpoint, /actuator/health with its details included.
        path(ADMIN_ONLY, "/actuator/**");
    }

    /**
     * A lifecycle command sent through /api/v1/events needs what its GraphQL mutation needs: the mutation is
     * the command type with a lowercase first letter (DeployModelVersion: deployModelVersion).
     */
    public static String mutationOf(String commandType) {
        return commandType.isEmpty() ? commandType : Character.toLowerCase(commandType.charAt(0))
                + commandType.substring(1);
    }

    // ---- asking

    /** Why a caller holding these roles may not call this Query or Mutation field; empty when it may. */
    public Optional<String> refusal(String type, String field, Map<String, Object> arguments, Set<Role> held) {
        Rule rule = rules(type).get(field);
        Set<Role> allowed = rule == null ? EnumSet.of(ADMIN) : rule.allowed(arguments);
        if (held.stream().anyMatch(allowed::contains)) {
            return Optional.empty();
        }
        String where = rule != null && rule.restrictedHere(arguments) ? " in " + PRODUCTION : "";
        return Optional.of(field + where + " needs role " + or(allowed));
    }

    /** Why a caller holding these roles may not send this lifecycle command; empty when it may. */
    public Optional<String> commandRefusal(String commandType, Map<String, Object> payload, Set<Role> held) {
        return refusal(MUTATION, mutationOf(commandType), Map.of("input", payload), held);
    }

    /** Whether the table names this field (a field it does not name needs ADMIN). */
    public boolean declares(String type, String field) {
        return rules(type).containsKey(field);
    }

    /** The roles any of which may call this HTTP request's endpoint, for the refusal's message. */
    public Set<Role> rolesFor(HttpServletRequest request) {
        return paths.stream().filter(p -> p.matcher().matches(request)).findFirst()
                .map(p -> p.roles() == null ? EVERY_ROLE : p.roles()).orElse(EnumSet.of(ADMIN));
    }

    /** The endpoint rules, for the security filter chain; any path not named needs ADMIN. */
    public void applyTo(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests) {
        // An error page is rendered for a request that was already authorised.
        requests.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
        for (PathRule rule : paths) {
            var matched = requests.requestMatchers(rule.matcher());
            if (rule.roles() == null) {
                matched.permitAll();
            } else {
                matched.hasAnyRole(rule.roles().stream().map(Role::name).toArray(String[]::new));
            }
        }
        requests.anyRequest().hasRole(ADMIN.name());
    }

    /** The roles among a caller's authorities ({@code ROLE_<name>}); other authorities are ignored. */
    public static Set<Role> rolesOf(Collection<? extends GrantedAuthority> authorities) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (GrantedAuthority authority : authorities) {
            for (Role role : Role.values()) {
                if (role.authority().equals(authority.getAuthority())) {
                    roles.add(role);
                }
            }
        }
        return roles;
    }

    /** How a refusal names the roles: "DEPLOYER or ADMIN". */
    public static String or(Set<Role> roles) {
        return roles.stream().map(Role::name).collect(Collectors.joining(" or "));
    }

    // ---- declaring

    private Map<String, Rule> rules(String type) {
        return switch (type) {
            case QUERY -> queries;
            case MUTATION -> mutations;
            case SUBSCRIPTION -> subscriptions;
            default -> Map.of();
        };
    }

    private void query(Set<Role> roles, String... fields) {
        declare(queries, new Rule(withAdmin(roles), Set.of()), fields);
    }

    private void mutation(Set<Role> roles, String... fields) {
        declare(mutations, new Rule(withAdmin(roles), Set.of()), fields);
    }

    private void deployment(Set<Role> everywhere, Set<Role> outsideProduction, String... fields) {
        declare(mutations, new Rule(withAdmin(everywhere), outsideProduction), fields);
    }

    private static void declare(Map<String, Rule> rules, Rule rule, String... fields) {
        for (String field : fields) {
            if (rules.putIfAbsent(field, rule) != null) {
                throw new IllegalStateException(field + " is declared twice in AccessRules");
            }
        }
    }

    private void open(String... patterns) {
        for (String pattern : patterns) {
            paths.add(new PathRule(PathPatternRequestMatcher.withDefaults().matcher(pattern), null));
        }
    }

    private void path(Set<Role> roles, String... patterns) {
        for (String pattern : patterns) {
            paths.add(new PathRule(PathPatternRequestMatcher.withDefaults().matcher(pattern), withAdmin(roles)));
        }
    }

    private void path(Set<Role> roles, HttpMethod method, String... patterns) {
        for (String pattern : patterns) {
            paths.add(new PathRule(PathPatternRequestMatcher.withDefaults().matcher(method, pattern), withAdmin(roles)));
        }
    }

    private static Set<Role> withAdmin(Set<Role> roles) {
        Set<Role> all = EnumSet.of(ADMIN);
        all.addAll(roles);
        return all;
    }

    /**
     * Who may call one operation: any of {@code roles}; {@code outsideProduction} may too when the input's
     * environment is not production. An absent or unreadable environment counts as production.
     */
    private record Rule(Set<Role> roles, Set<Role> outsideProduction) {

        Set<Role> allowed(Map<String, Object> arguments) {
            if (outsideProduction.isEmpty() || isProduction(arguments)) {
                return roles;
            }
            Set<Role> all = EnumSet.copyOf(roles);
            all.addAll(outsideProduction);
            return all;
        }

        boolean restrictedHere(Map<String, Object> arguments) {
            return !outsideProduction.isEmpty() && isProduction(arguments);
        }

        private static boolean isProduction(Map<String, Object> arguments) {
            return !(arguments.get("input") instanceof Map<?, ?> input)
                    || !(input.get("environment") instanceof String environment)
                    || environment.strip().equalsIgnoreCase(PRODUCTION);
        }
    }

    /** An endpoint pattern and the roles that may call it; null roles: open to anonymous callers. */
    private record PathRule(RequestMatcher matcher, Set<Role> roles) {
    }
}
