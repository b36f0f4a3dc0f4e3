package io.custody.payloads;

import io.custody.values.ApiTokenId;

/** The write API's answer for revoking an API token; the read side resolves the token itself. */
public record ApiTokenPayload(CommandReceipt receipt, ApiTokenId id) {
}
