package io.custody.values;

import io.custody.errors.CustodyException;

/** One column of a dataset version's schema. */
public record SchemaField(String name, String type, String description) {

    public SchemaField {
        try {
            Checks.requireText(name, 256);
        } catch (CustodyException e) {
            throw e.atField("name");
        }
        try {
            Checks.requireText(type, 128);
        } catch (CustodyException e) {
            throw e.atField("type");
        }
        try {
            Checks.optionalText(description, 2000);
        } catch (CustodyException e) {
            throw e.atField("description");
        }
    }
}
