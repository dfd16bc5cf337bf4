package dev.muninn.operator.model;

/** The spec asks for something the operator will not do; the message says what and why. */
public final class InvalidSpecException extends RuntimeException {
    public InvalidSpecException(String message) {
        super(message);
    }
}
