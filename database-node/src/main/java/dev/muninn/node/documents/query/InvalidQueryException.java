package dev.muninn.node.documents.query;

/**
 * The only exception the RQL parser throws: malformed syntax, unknown parameters and constructs
 * Muninn does not implement all end up here so the HTTP layer can map them to one client error.
 */
public final class InvalidQueryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidQueryException(String message) {
        super(message);
    }
}
