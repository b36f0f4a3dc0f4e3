package io.custody.infra.graphql;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Controller;

@Controller
class AboutQuery {

    record About(String version, long head) {
    }

    private final JdbcTemplate jdbc;
    private final String version;

    AboutQuery(JdbcTemplate jdbc, @Value("${custody.version:dev}") String version) {
        this.jdbc = jdbc;
        this.version = version;
    }

    @QueryMapping
    About about() {
        Long head = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        return new About(version, head == null ? -1 : head);
    }
}
