package io.custody.payloads;

import io.custody.values.ApiTokenId;

/**
 * The write API's answer for creating an API token: the only place its secret ever appears. {@code secret}
 * is the whole bearer string, {@code cst_<id>_<secret>}; the read side resolves the token itself.
 */
public record CreatedApiTokenPayload(CommandReceipt receipt, ApiTokenId id, String secret) {

    @Override
    public String toString() {
        // Never the secret, should the payload reach a log line.
        return "CreatedApiTokenPayload[receipt=" + receipt + ", id=" + id + "]";
    }
}
