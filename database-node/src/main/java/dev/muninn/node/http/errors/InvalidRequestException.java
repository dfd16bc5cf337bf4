package dev.muninn.node.http.errors;

/** The request itself is malformed: bad JSON, a missing parameter, an unknown command type. */
public final class InvalidRequestException extends RuntimeException {
    public InvalidRequestException(String message) {
        super(message);
    }

    public InvalidRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
