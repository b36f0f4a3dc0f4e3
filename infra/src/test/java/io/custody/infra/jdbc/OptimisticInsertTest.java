package io.custody.infra.jdbc;

import io.custody.infra.support.IntegrationTest;
import io.custody.jdbc.OptimisticInsert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plain form when no key is taken, the ON CONFLICT form when one is, and the transaction's earlier writes kept. */
class OptimisticInsertTest extends IntegrationTest {

    private static final String ON_CONFLICT = " ON CONFLICT DO NOTHING";

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;

    @BeforeEach
    void table() {
        jdbc.execute("CREATE TABLE optimistic_probe (k TEXT PRIMARY KEY, v INT NOT NULL)");
    }

    @AfterEach
    void drop() {
        jdbc.execute("DROP TABLE optimistic_probe");
    }

    @Test
    void new_keys_are_inserted_by_the_plain_form() {
        String form = transactions.execute(s -> OptimisticInsert.run(jdbc, insert("a", "b"),
                insert("a", "b") + ON_CONFLICT, OptimisticInsertTest::execute));
        assertThat(form).isEqualTo("2:plain");
        assertThat(keys()).containsExactly("a", "b");
    }

    @Test
    void a_taken_key_undoes_the_plain_form_and_runs_the_on_conflict_form_keeping_earlier_writes() {
        jdbc.update("INSERT INTO optimistic_probe VALUES ('b', 0)");
        String form = transactions.execute(s -> {
            jdbc.update("INSERT INTO optimistic_probe VALUES ('earlier', 0)");
            return OptimisticInsert.run(jdbc, insert("a", "b", "c"), insert("a", "b", "c") + ON_CONFLICT,
                    OptimisticInsertTest::execute);
        });
        assertThat(form).isEqualTo("2:on conflict");
        assertThat(keys()).containsExactly("a", "b", "c", "earlier");
        assertThat(jdbc.queryForObject("SELECT v FROM optimistic_probe WHERE k = 'b'", Integer.class)).isZero();
    }

    @Test
    void any_other_failure_is_thrown_and_nothing_of_the_transaction_stays() {
        assertThatThrownBy(() -> transactions.executeWithoutResult(s -> {
            jdbc.update("INSERT INTO optimistic_probe VALUES ('earlier', 0)");
            OptimisticInsert.run(jdbc, "INSERT INTO optimistic_probe VALUES ('x', NULL)",
                    "INSERT INTO optimistic_probe VALUES ('x', NULL)" + ON_CONFLICT, OptimisticInsertTest::execute);
        })).isInstanceOf(DataAccessException.class).hasMessageContaining("null value");
        assertThat(keys()).isEmpty();
    }

    private List<String> keys() {
        return jdbc.queryForList("SELECT k FROM optimistic_probe ORDER BY k", String.class);
    }

    /** The rows inserted and which form inserted them. */
    private static String execute(Connection c, String sql) throws SQLException {
        int rows = c.createStatement().executeUpdate(sql);
        return rows + (sql.endsWith(ON_CONFLICT) ? ":on conflict" : ":plain");
    }

    private static String insert(String... keys) {
        return "INSERT INTO optimistic_probe SELECT k, 1 FROM unnest(ARRAY['" + String.join("','", keys) + "']) AS k";
    }
}
