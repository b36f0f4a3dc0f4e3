package io.custody.query.monitoring;

import java.time.Instant;
import java.util.List;

/** A closed window of a monitor and its statistics. */
public record WindowView(Instant start, Instant end, List<StatisticView> statistics) {

    /** One statistic of the window, with the threshold it was judged by (null when not judged). */
    public record StatisticView(String feature, String statistic, double value, Double threshold, Double validation,
                                boolean breached) {
    }
}
