package io.custody.command.ingest;

import java.util.Map;
import java.util.Optional;

/**
 * Whether the current caller may send a lifecycle command through the HTTP ingest: the endpoint needs
 * INGEST, and each command also needs the role its GraphQL mutation needs. The rules are declared in
 * one place, in infra (AccessRules), which implements this; the command side only asks.
 */
public interface OperationAccess {

    /**
     * Why the caller may not send this command with this payload, naming the role it needs
     * (e.g. "deployModelVersion in production needs role DEPLOYER or ADMIN"); empty when it may.
     */
    Optional<String> refusal(String commandType, Map<String, Object> payload);
}
