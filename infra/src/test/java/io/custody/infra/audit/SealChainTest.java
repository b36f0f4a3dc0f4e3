package io.custody.infra.audit;

import io.custody.infra.store.StoredEvent;
import io.custody.infra.support.TestServices;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SealChainTest {

    @Test
    void the_seal_chain_covers_every_column_and_tells_null_from_empty() {
        SealChain chain = new SealChain(AuditKey.ofBase64(TestServices.newAuditKey()));
        StoredEvent event = StoredEvent.of(7, "id", "dataset:a/b", 1, "Dataset", "2026-01-15T09:00:00Z",
                "io.custody.events.dataset.DatasetRegistered", null, "{}".getBytes(), null);
        byte[] content = chain.content(event);
        List<StoredEvent> variants = List.of(
                StoredEvent.of(7, "id2", "dataset:a/b", 1, "Dataset", "2026-01-15T09:00:00Z", "io.custody.events.dataset.DatasetRegistered", null, "{}".getBytes(), null),
                StoredEvent.of(7, "id", "dataset:a/c", 1, "Dataset", "2026-01-15T09:00:00Z", "io.custody.events.dataset.DatasetRegistered", null, "{}".getBytes(), null),
                StoredEvent.of(7, "id", "dataset:a/b", 2, "Dataset", "2026-01-15T09:00:00Z", "io.custody.events.dataset.DatasetRegistered", null, "{}".getBytes(), null),
                StoredEvent.of(7, "id", "dataset:a/b", 1, null, "2026-01-15T09:00:00Z", "io.custody.events.dataset.DatasetRegistered", null, "{}".getBytes(), null),
                StoredEvent.of(7, "id", "dataset:a/b", 1, "Dataset", "2026-01-15T09:00:01Z", "io.custody.events.dataset.DatasetRegistered", null, "{}".getBytes(), null),
                StoredEvent.of(7, "id", "dataset:a/b", 1, "Dataset", "2026-01-15T09:00:00Z", "x", null, "{}".getBytes(), null),
                StoredEvent.of(7, "id", "dataset:a/b", 1, "Dataset", "2026-01-15T09:00:00Z", "io.custody.events.dataset.DatasetRegistered", "", "{}".getBytes(), null),
                event.withPayload("{ }".getBytes()),
                event.withMetaData(new byte[0]));
        for (StoredEvent variant : variants) {
            assertThat(Arrays.equals(chain.content(variant), content)).as(variant.toString()).isFalse();
        }
        byte[] link = chain.link(SealChain.GENESIS, 7, content);
        assertThat(chain.link(SealChain.GENESIS, 8, content)).isNotEqualTo(link);
        assertThat(chain.link(link, 7, content)).isNotEqualTo(link);
        assertThat(chain.gap(SealChain.GENESIS, 7)).isNotEqualTo(link);
    }
}
