package io.custody.infra.errors;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of every HTTP error this server answers outside GraphQL: code, offending field, the rule. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String code, String field, String message) {
}
