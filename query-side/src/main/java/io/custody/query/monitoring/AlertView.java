package io.custody.query.monitoring;

import java.time.Instant;

/** An alert as the monitoring read model holds it. */
public record AlertView(String alert, long position, String environment, String service, String kind, String feature,
                        String statistic, double value, double threshold, Double validation, String modelVersion,
                        Instant windowStart, Instant windowEnd, String state, Instant openedAt,
                        String acknowledgedBy, Instant acknowledgedAt, String acknowledgeComment, String resolvedBy,
                        Instant resolvedAt, String resolveComment, Double recoveredValue, Instant recoveredWindowStart) {
}
