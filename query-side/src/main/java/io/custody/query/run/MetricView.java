package io.custody.query.run;

import java.time.OffsetDateTime;

/** One metric observation of a run; {@code position} and {@code ordinal} place it in the log. */
public record MetricView(String run, String name, double value, long step, OffsetDateTime timestamp, long position,
                         int ordinal) {
}
