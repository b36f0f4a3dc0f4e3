package io.custody.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.custody.events.dataset.DatasetVersionQuarantined;
import io.custody.values.DatasetName;
import io.custody.values.NotificationKind;
import io.custody.values.VersionLabel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationBodyTest {

    @Test
    void the_body_has_fixed_keys_in_a_fixed_order_with_the_payload_as_stored() {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
        byte[] body = NotificationBody.render(json, new NotificationBody.Notified(NotificationKind.DATASET_QUARANTINE,
                DatasetVersionQuarantined.class.getName(), "e-1", 42, "dataset:lending/applications",
                Instant.parse("2026-12-04T08:00:00.123Z"), null, "alice", "c-1",
                new DatasetVersionQuarantined(DatasetName.of("lending/applications"), VersionLabel.of("v3"), "leak")));
        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("{\"version\":1,\"kind\":\"DATASET_QUARANTINE\","
                + "\"eventType\":\"io.custody.events.dataset.DatasetVersionQuarantined\",\"eventId\":\"e-1\","
                + "\"position\":42,\"stream\":\"dataset:lending/applications\",\"recordedAt\":\"2026-12-04T08:00:00.123Z\","
                + "\"eventTime\":null,\"actor\":\"alice\",\"correlationId\":\"c-1\",\"payload\":{\"dataset\":"
                + "\"lending/applications\",\"version\":\"v3\",\"reason\":\"leak\"}}");
    }
}
