package io.custody.commands.security;

import io.custody.commands.CommandReceipt;
import io.custody.values.ApiTokenId;

/** The write API's answer for revoking an API token; the read side resolves the token itself. */
public record ApiTokenPayload(CommandReceipt receipt, ApiTokenId id) {
}
