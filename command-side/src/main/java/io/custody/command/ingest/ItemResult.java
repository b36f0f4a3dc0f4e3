package io.custody.command.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.custody.errors.CustodyException;

/** The outcome of one item of an ingest batch; a bad item never hides the fate of the others. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ItemResult(int index, String key, Status status, String code, String field, String reason) {

    public enum Status { ACCEPTED, DUPLICATE, REJECTED }

    public static ItemResult accepted(int index, String key) {
        return new ItemResult(index, key, Status.ACCEPTED, null, null, null);
    }

    public static ItemResult duplicate(int index, String key, String reason) {
        return new ItemResult(index, key, Status.DUPLICATE, null, null, reason);
    }

    public static ItemResult rejected(int index, String key, CustodyException e) {
        return new ItemResult(index, key, Status.REJECTED, e.code().name(), e.field(), e.getMessage());
    }
}
