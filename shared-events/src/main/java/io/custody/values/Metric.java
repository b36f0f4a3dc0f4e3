package io.custody.values;

import io.custody.errors.CustodyException;

import java.time.Instant;

/** One metric observation of a run: name, value, training step and when it was measured. */
public record Metric(String name, double value, long step, Instant timestamp) {

    public Metric {
        try {
            Checks.requireText(name, 256);
        } catch (CustodyException e) {
            throw e.atField("name");
        }
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw CustodyException.badRequest("value", "must be a finite number");
        }
        if (step < 0) {
            throw CustodyException.badRequest("step", "must be zero or more");
        }
    }
}
