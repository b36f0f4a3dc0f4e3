package io.custody.values;

/** A model's risk tier; higher tiers face stricter deployment gates. */
public enum RiskTier {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL
}
