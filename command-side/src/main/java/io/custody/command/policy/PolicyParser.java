package io.custody.command.policy;

import io.custody.command.policy.Policy.ApprovalRequirement;
import io.custody.command.policy.Policy.Comparison;
import io.custody.command.policy.Policy.DataUse;
import io.custody.command.policy.Policy.Deployers;
import io.custody.command.policy.Policy.FreezeWindow;
import io.custody.command.policy.Policy.Gates;
import io.custody.command.policy.Policy.MetricThreshold;
import io.custody.command.policy.Policy.SeparationOfDuties;
import io.custody.errors.CustodyException;
import io.custody.values.Environment;
import io.custody.values.Role;
import io.custody.values.RiskTier;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.StringReader;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a policy document (YAML) into a {@link Policy}. Anything it does not know is refused, not ignored: a
 * misspelt rule would otherwise leave a gate open without anyone noticing. Every refusal is BAD_REQUEST on
 * {@code input.document} and names the line and the path ({@code deployment.production.approvals[0].count}).
 */
public final class PolicyParser {

    /** Large enough for any hand-written policy, small enough that an event keeps it comfortably. */
    public static final int MAX_LENGTH = 256 * 1024;
    private static final String FIELD = "input.document";
    private static final Pattern METRIC = Pattern.compile("\\s*([A-Za-z0-9_.:/-]+)\\s*(>=|<=|==|>|<)\\s*(-?[0-9]+(\\.[0-9]+)?([eE]-?[0-9]+)?)\\s*");
    private static final Pattern WEEK_TIME = Pattern.compile("\\s*([A-Za-z]+)\\s+([0-9]{1,2}:[0-9]{2})\\s*");

    private PolicyParser() {
    }

    public static Policy parse(String document) {
        if (document == null || document.isBlank()) {
            throw CustodyException.badRequest(FIELD, "is empty; a policy is a YAML document (docs/governance.md)");
        }
        if (document.length() > MAX_LENGTH) {
            throw CustodyException.badRequest(FIELD, "is " + document.length() + " characters, more than "
                    + MAX_LENGTH);
        }
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            root = new Yaml(new SafeConstructor(options)).compose(new StringReader(document));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
            throw CustodyException.badRequest(FIELD, "line " + line + ": not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw CustodyException.badRequest(FIELD, "not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            throw CustodyException.badRequest(FIELD, "holds no YAML document");
        }
        Map<String, Node> top = fields(root, "", Set.of("description", "dataUse", "deployment"));
        if (top.containsKey("description")) {
            text(top.get("description"), "description");
        }
        Map<String, DataUse> dataUse = new LinkedHashMap<>();
        entries(top.get("dataUse"), "dataUse").forEach((domain, node) ->
                dataUse.put(domain, dataUse(node, "dataUse." + domain)));
        Map<String, Gates> deployment = new LinkedHashMap<>();
        entries(top.get("deployment"), "deployment").forEach((environment, node) -> {
            String path = "deployment." + environment;
            try {
                Environment.of(environment);
            } catch (CustodyException e) {
                throw refuse(node, path, "is not an environment name: " + e.getMessage());
            }
            deployment.put(environment, gates(node, path));
        });
        return new Policy(dataUse, deployment);
    }

    private static DataUse dataUse(Node node, String path) {
        Map<String, Node> f = fields(node, path, Set.of("forbiddenTags", "allowedNamespaces"));
        Set<String> forbidden = new LinkedHashSet<>(texts(f.get("forbiddenTags"), path + ".forbiddenTags"));
        List<String> allowed = f.containsKey("allowedNamespaces")
                ? texts(f.get("allowedNamespaces"), path + ".allowedNamespaces") : null;
        return new DataUse(forbidden, allowed);
    }

    private static Gates gates(Node node, String path) {
        Map<String, Node> f = fields(node, path, Set.of("validation", "approvals", "riskTiers", "separationOfDuties",
                "cleanCommit", "noQuarantinedInputs", "deployers", "freezeWindows"));
        boolean lastPassed = false;
        List<MetricThreshold> metrics = List.of();
        if (f.containsKey("validation")) {
            Map<String, Node> v = fields(f.get("validation"), path + ".validation", Set.of("lastPassed", "metrics"));
            lastPassed = flag(v.get("lastPassed"), path + ".validation.lastPassed");
            metrics = list(v.get("metrics"), path + ".validation.metrics", PolicyParser::metric);
        }
        List<ApprovalRequirement> approvals = list(f.get("approvals"), path + ".approvals", PolicyParser::approval);
        Map<RiskTier, List<ApprovalRequirement>> byTier = new EnumMap<>(RiskTier.class);
        entries(f.get("riskTiers"), path + ".riskTiers").forEach((tier, tierNode) -> {
            String tierPath = path + ".riskTiers." + tier;
            RiskTier riskTier = constant(RiskTier.class, tier, tierNode, tierPath);
            Map<String, Node> t = fields(tierNode, tierPath, Set.of("approvals"));
            byTier.put(riskTier, list(t.get("approvals"), tierPath + ".approvals", PolicyParser::approval));
        });
        SeparationOfDuties separation = new SeparationOfDuties(false, false, false);
        if (f.containsKey("separationOfDuties")) {
            String s = path + ".separationOfDuties";
            Map<String, Node> sd = fields(f.get("separationOfDuties"), s,
                    Set.of("approverNotTrainer", "deployerNotApprover", "deployerNotTrainer"));
            separation = new SeparationOfDuties(flag(sd.get("approverNotTrainer"), s + ".approverNotTrainer"),
                    flag(sd.get("deployerNotApprover"), s + ".deployerNotApprover"),
                    flag(sd.get("deployerNotTrainer"), s + ".deployerNotTrainer"));
        }
        Deployers deployers = null;
        if (f.containsKey("deployers")) {
            String d = path + ".deployers";
            Map<String, Node> dp = fields(f.get("deployers"), d, Set.of("roles", "actors"));
            Set<Role> roles = new LinkedHashSet<>(list(dp.get("roles"), d + ".roles",
                    (n, p) -> constant(Role.class, text(n, p), n, p)));
            deployers = new Deployers(roles, new LinkedHashSet<>(texts(dp.get("actors"), d + ".actors")));
            if (roles.isEmpty() && deployers.actors().isEmpty()) {
                throw refuse(f.get("deployers"), d, "names neither roles nor actors, so nobody could deploy");
            }
        }
        return new Gates(lastPassed, metrics, approvals, byTier, separation,
                flag(f.get("cleanCommit"), path + ".cleanCommit"),
                flag(f.get("noQuarantinedInputs"), path + ".noQuarantinedInputs"), deployers,
                list(f.get("freezeWindows"), path + ".freezeWindows", PolicyParser::freezeWindow));
    }

    private static MetricThreshold metric(Node node, String path) {
        Matcher m = METRIC.matcher(text(node, path));
        if (!m.matches()) {
            throw refuse(node, path, "must read metric comparison number, e.g. 'auc >= 0.80' (comparisons >= > <= < ==)");
        }
        Comparison comparison = switch (m.group(2)) {
            case ">=" -> Comparison.GE;
            case ">" -> Comparison.GT;
            case "<=" -> Comparison.LE;
            case "<" -> Comparison.LT;
            default -> Comparison.EQ;
        };
        return new MetricThreshold(m.group(1), comparison, Double.parseDouble(m.group(3)));
    }

    private static ApprovalRequirement approval(Node node, String path) {
        Map<String, Node> f = fields(node, path, Set.of("count", "role", "heldRole"));
        if (!f.containsKey("count")) {
            throw refuse(node, path + ".count", "is required: how many approvals");
        }
        int count;
        try {
            count = Integer.parseInt(text(f.get("count"), path + ".count"));
        } catch (NumberFormatException e) {
            throw refuse(f.get("count"), path + ".count", "must be a whole number");
        }
        if (count < 1) {
            throw refuse(f.get("count"), path + ".count", "must be 1 or more");
        }
        String role = f.containsKey("role") ? text(f.get("role"), path + ".role") : null;
        Role held = f.containsKey("heldRole")
                ? constant(Role.class, text(f.get("heldRole"), path + ".heldRole"), f.get("heldRole"), path + ".heldRole")
                : null;
        return new ApprovalRequirement(count, role, held);
    }

    private static FreezeWindow freezeWindow(Node node, String path) {
        Map<String, Node> f = fields(node, path, Set.of("from", "to", "zone"));
        for (String required : List.of("from", "to", "zone")) {
            if (!f.containsKey(required)) {
                throw refuse(node, path + "." + required, "is required (e.g. from: FRIDAY 16:00, to: MONDAY 08:00, "
                        + "zone: Europe/London)");
            }
        }
        Object[] from = weekTime(f.get("from"), path + ".from");
        Object[] to = weekTime(f.get("to"), path + ".to");
        ZoneId zone;
        try {
            zone = ZoneId.of(text(f.get("zone"), path + ".zone"));
        } catch (DateTimeException e) {
            throw refuse(f.get("zone"), path + ".zone", "is not a time zone (e.g. Europe/London, UTC)");
        }
        return new FreezeWindow((DayOfWeek) from[0], (LocalTime) from[1], (DayOfWeek) to[0], (LocalTime) to[1], zone);
    }

    private static Object[] weekTime(Node node, String path) {
        Matcher m = WEEK_TIME.matcher(text(node, path));
        if (!m.matches()) {
            throw refuse(node, path, "must read DAY HH:MM, e.g. FRIDAY 16:00");
        }
        DayOfWeek day = constant(DayOfWeek.class, m.group(1), node, path);
        try {
            return new Object[]{day, LocalTime.parse(m.group(2).length() == 4 ? "0" + m.group(2) : m.group(2))};
        } catch (DateTimeException e) {
            throw refuse(node, path, "has no valid time of day (HH:MM, 00:00 to 23:59)");
        }
    }

    // ---- the shapes of YAML nodes

    private static Map<String, Node> fields(Node node, String path, Set<String> known) {
        Map<String, Node> fields = entries(node, path);
        for (Map.Entry<String, Node> field : fields.entrySet()) {
            if (!known.contains(field.getKey())) {
                throw refuse(field.getValue(), join(path, field.getKey()), "unknown field; expected one of "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        }
        return fields;
    }

    /** A mapping's entries by key, in document order; an absent node is an empty mapping. */
    private static Map<String, Node> entries(Node node, String path) {
        Map<String, Node> entries = new LinkedHashMap<>();
        if (node == null) {
            return entries;
        }
        if (!(node instanceof MappingNode mapping)) {
            throw refuse(node, path.isEmpty() ? "(document)" : path, "must be a mapping (key: value)");
        }
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                throw refuse(tuple.getKeyNode(), path, "keys must be plain names");
            }
            entries.put(key.getValue(), tuple.getValueNode());
        }
        return entries;
    }

    private static <T> List<T> list(Node node, String path, BiFunction<Node, String, T> item) {
        if (node == null) {
            return List.of();
        }
        if (!(node instanceof SequenceNode sequence)) {
            throw refuse(node, path, "must be a list");
        }
        List<T> items = new ArrayList<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            items.add(item.apply(sequence.getValue().get(i), path + "[" + i + "]"));
        }
        return List.copyOf(items);
    }

    private static List<String> texts(Node node, String path) {
        return list(node, path, PolicyParser::text);
    }

    private static String text(Node node, String path) {
        if (!(node instanceof ScalarNode scalar) || scalar.getValue().isBlank()) {
            throw refuse(node, path, "must be a non-empty value");
        }
        return scalar.getValue().trim();
    }

    private static boolean flag(Node node, String path) {
        if (node == null) {
            return false;
        }
        return switch (text(node, path)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw refuse(node, path, "must be true or false");
        };
    }

    private static <E extends Enum<E>> E constant(Class<E> type, String value, Node node, String path) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw refuse(node, path, "'" + value + "' is not one of " + List.of(type.getEnumConstants()));
        }
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static CustodyException refuse(Node node, String path, String rule) {
        int line = node == null || node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
        return CustodyException.badRequest(FIELD, "line " + line + ", " + path + ": " + rule);
    }
}
