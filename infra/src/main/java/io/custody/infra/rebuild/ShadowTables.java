package io.custody.infra.rebuild;

import io.custody.errors.CustodyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A PostgreSQL read model's tables, rebuilt beside the live ones. The shadow schema {@code rebuild_<group>}
 * gets empty copies of the tables (columns, defaults, constraints and indexes under their own names, grants)
 * while the live tables keep answering; the switch moves the live tables to {@code retired_<group>} and the
 * rebuilt ones into {@code public}, in one transaction. Projections use unqualified table names, so a
 * connection whose search path starts with the shadow schema writes into the copies.
 */
final class ShadowTables {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ReadModel model;
    private final String shadow;
    private final String retired;

    ShadowTables(JdbcTemplate jdbc, TransactionTemplate tx, ReadModel model) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.model = model;
        String suffix = model.name().toLowerCase().replaceAll("[^a-z0-9]+", "_");
        this.shadow = "rebuild_" + suffix;
        this.retired = "retired_" + suffix;
    }

    String shadowSchema() {
        return shadow;
    }

    String retiredSchema() {
        return retired;
    }

    /** The search path for the rebuilding projections' connections. */
    String searchPath() {
        return shadow + ", public";
    }

    /** Creates the shadow schema with empty copies of the model's tables. */
    void create() {
        List<String> tables = model.tables();
        if (tables.isEmpty()) {
            throw CustodyException.badRequest("name", "read model " + model.name() + " has no tables configured: set "
                    + "custody.rebuild.tables." + model.name());
        }
        tables.stream().filter(t -> !t.matches("[a-z_][a-z0-9_]{0,62}")).findFirst().ifPresent(t -> {
            throw CustodyException.badRequest("name", "custody.rebuild.tables." + model.name() + " holds '" + t
                    + "', which is not a plain lower-case table name");
        });
        tx.executeWithoutResult(status -> {
            jdbc.execute("SET LOCAL search_path TO public");
            List<String> missing = tables.stream().filter(t -> jdbc.queryForObject(
                    "SELECT to_regclass(?) IS NULL", Boolean.class, "public." + t)).toList();
            if (!missing.isEmpty()) {
                throw CustodyException.badRequest("name", "read model " + model.name() + " names tables that do not "
                        + "exist: " + missing + "; fix custody.rebuild.tables." + model.name());
            }
            refuseOutsideDependents(tables);
            List<String> ddl = new ArrayList<>();
            List<String> foreignKeys = new ArrayList<>();
            for (String t : tables) {
                ddl.add("CREATE TABLE " + shadow + "." + t + " (LIKE public." + t + " INCLUDING DEFAULTS INCLUDING IDENTITY "
                        + "INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMMENTS)");
                for (Map<String, Object> c : jdbc.queryForList("""
                        SELECT conname, contype, pg_get_constraintdef(oid) AS def FROM pg_constraint
                         WHERE conrelid = ?::regclass AND contype IN ('p', 'u', 'c', 'x', 'f')
                         ORDER BY CASE contype WHEN 'p' THEN 0 WHEN 'u' THEN 1 ELSE 2 END, conname""", "public." + t)) {
                    String statement = "ALTER TABLE " + shadow + "." + t + " ADD CONSTRAINT "
                            + quote((String) c.get("conname")) + " " + c.get("def");
                    ("f".equals(String.valueOf(c.get("contype"))) ? foreignKeys : ddl).add(statement);
                }
                String qualified = " ON public." + t + " ";
                for (String index : jdbc.queryForList("""
                        SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i
                         WHERE i.indrelid = ?::regclass
                           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)""",
                        String.class, "public." + t)) {
                    if (!index.contains(qualified)) {
                        throw new IllegalStateException("unexpected index definition on " + t + ": " + index);
                    }
                    ddl.add(index.replace(qualified, " ON " + shadow + "." + t + " "));
                }
                for (Map<String, Object> grant : jdbc.queryForList("""
                        SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END AS grantee,
                               a.privilege_type, a.is_grantable
                          FROM pg_class c, aclexplode(c.relacl) a LEFT JOIN pg_roles r ON r.oid = a.grantee
                         WHERE c.oid = ?::regclass AND a.grantee <> c.relowner""", "public." + t)) {
                    ddl.add("GRANT " + grant.get("privilege_type") + " ON " + shadow + "." + t + " TO " + grant.get("grantee")
                            + (Boolean.TRUE.equals(grant.get("is_grantable")) ? " WITH GRANT OPTION" : ""));
                }
            }
            // Definitions were read with only public on the path, so references to the model's own tables
            // are unqualified; with the shadow schema first they resolve to the copies.
            jdbc.execute("DROP SCHEMA IF EXISTS " + shadow + " CASCADE");
            jdbc.execute("CREATE SCHEMA " + shadow);
            jdbc.execute("SET LOCAL search_path TO " + searchPath());
            ddl.forEach(jdbc::execute);
            foreignKeys.forEach(jdbc::execute);
        });
    }

    /**
     * A view or another table's foreign key would keep pointing at the retired table after the switch
     * (PostgreSQL links them by identity, not by name): refuse rather than leave them behind.
     */
    private void refuseOutsideDependents(List<String> tables) {
        String[] names = tables.stream().map(t -> "public." + t).toArray(String[]::new);
        List<String> dependents = jdbc.query("""
                SELECT DISTINCT v.oid::regclass::text FROM pg_depend d
                  JOIN pg_rewrite r ON r.oid = d.objid
                  JOIN pg_class v ON v.oid = r.ev_class
                 WHERE d.refobjid = ANY (SELECT unnest(?::text[])::regclass) AND v.oid <> d.refobjid
                UNION
                SELECT DISTINCT conrelid::regclass::text FROM pg_constraint
                 WHERE contype = 'f' AND confrelid = ANY (SELECT unnest(?::text[])::regclass)
                   AND conrelid <> ALL (SELECT unnest(?::text[])::regclass)""",
                ps -> {
                    ps.setArray(1, ps.getConnection().createArrayOf("text", names));
                    ps.setArray(2, ps.getConnection().createArrayOf("text", names));
                    ps.setArray(3, ps.getConnection().createArrayOf("text", names));
                }, (rs, i) -> rs.getString(1));
        if (!dependents.isEmpty()) {
            throw CustodyException.badRequest("name", "read model " + model.name() + " cannot be switched over: "
                    + dependents + " depend on its tables; add them to custody.rebuild.tables." + model.name());
        }
    }

    /** Fresh planner statistics for the rebuilt tables before they take over. */
    void analyze() {
        model.tables().forEach(t -> jdbc.execute("ANALYZE " + shadow + "." + t));
    }

    /**
     * Inside the caller's transaction: the live tables go to the retired schema (the previous retired
     * generation is dropped), the rebuilt ones into public.
     */
    void swap() {
        jdbc.execute("SET LOCAL lock_timeout = '30s'");
        jdbc.execute("DROP SCHEMA IF EXISTS " + retired + " CASCADE");
        jdbc.execute("CREATE SCHEMA " + retired);
        model.tables().forEach(t -> jdbc.execute("ALTER TABLE public." + t + " SET SCHEMA " + retired));
        model.tables().forEach(t -> jdbc.execute("ALTER TABLE " + shadow + "." + t + " SET SCHEMA public"));
        jdbc.execute("DROP SCHEMA " + shadow);
    }

    /** After a failure: nothing of the attempt is left. */
    void drop() {
        jdbc.execute("DROP SCHEMA IF EXISTS " + shadow + " CASCADE");
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
