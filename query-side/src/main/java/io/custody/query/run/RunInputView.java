package io.custody.query.run;

import io.custody.query.support.AsOf;

/**
 * A dataset version a run read, with the digest it had when the run started; {@code asOf} is the instant
 * its run was read as of (null for now), which its dataset version is shown as of too.
 */
public record RunInputView(String run, int ordinal, String dataset, String version, String digest, AsOf asOf) {
}
