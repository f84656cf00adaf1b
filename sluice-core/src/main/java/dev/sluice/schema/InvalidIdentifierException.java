package dev.sluice.schema;

import dev.sluice.SluiceException;

/** A queue, schema, table or column name that Sluice refuses to put into SQL. */
public final class InvalidIdentifierException extends SluiceException {
    public InvalidIdentifierException(String message) {
        super(message);
    }
}
