package dev.muninn.node.http.errors;

/** What the request names does not exist: 404. */
public final class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
