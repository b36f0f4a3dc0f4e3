package io.custody.command.policy;

import io.custody.policy.DefaultPolicy;
import io.custody.values.PolicyName;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The policy in force from {@code cs_policy} (the highest seq, written in the publishing transaction), else the
 * shipped default. Parsed documents are kept by sha256, so a deployment parses nothing after the first.
 */
@Component
class JdbcPolicySource implements PolicySource {

    private static final int KEPT = 64;
    private static final PolicyInForce DEFAULT = new PolicyInForce(DefaultPolicy.NAME, DefaultPolicy.VERSION,
            PolicyParser.parse(DefaultPolicy.document()));

    private final JdbcTemplate jdbc;
    private final Map<String, Policy> parsed = new ConcurrentHashMap<>();

    JdbcPolicySource(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    static PolicyInForce shippedDefault() {
        return DEFAULT;
    }

    @Override
    public PolicyInForce current() {
        return jdbc.query("SELECT name, version, document, sha256 FROM cs_policy ORDER BY seq DESC LIMIT 1",
                        (rs, i) -> new PolicyInForce(PolicyName.of(rs.getString(1)), rs.getInt(2),
                                parsed(rs.getString(4), rs.getString(3))))
                .stream().findFirst().orElse(DEFAULT);
    }

    private Policy parsed(String sha256, String document) {
        Policy policy = parsed.get(sha256);
        if (policy == null) {
            if (parsed.size() >= KEPT) {
                parsed.clear();
            }
            policy = PolicyParser.parse(document);
            parsed.put(sha256, policy);
        }
        return policy;
    }
}
