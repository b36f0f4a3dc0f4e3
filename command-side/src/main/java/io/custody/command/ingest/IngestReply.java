package io.custody.command.ingest;

import java.util.List;

/**
 * The answer to a batch: counts per status, the log position after the batch (a client that needs its
 * reads to see the batch can wait for the read models to pass it), and each item's outcome in order.
 */
public record IngestReply(int accepted, int duplicate, int rejected, long position, List<ItemResult> items) {

    public static IngestReply of(List<ItemResult> items, long position) {
        int accepted = 0;
        int duplicate = 0;
        int rejected = 0;
        for (ItemResult item : items) {
            switch (item.status()) {
                case ACCEPTED -> accepted++;
                case DUPLICATE -> duplicate++;
                case REJECTED -> rejected++;
            }
        }
        return new IngestReply(accepted, duplicate, rejected, position, items);
    }
}
