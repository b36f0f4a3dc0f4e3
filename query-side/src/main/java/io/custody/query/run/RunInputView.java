package io.custody.query.run;

/** A dataset version a run read, with the digest it had when the run started. */
public record RunInputView(String run, int ordinal, String dataset, String version, String digest) {
}
