package io.custody.query.prediction;

/**
 * The chain of custody of one prediction; each link is resolved only when asked for, as of the instant
 * the prediction was read as of.
 */
public record CustodyView(PredictionView prediction) {
}
