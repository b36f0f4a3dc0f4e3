package io.custody.query.prediction;

/** The chain of custody of one prediction; each link is resolved only when asked for. */
public record CustodyView(PredictionView prediction) {
}
