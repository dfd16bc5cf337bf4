package dev.muninn.node.documents;

/** A write that can never succeed as sent: a bad id, a body that is not a JSON object, too large, etc. */
public final class InvalidDocumentException extends RuntimeException {
    public InvalidDocumentException(String message) {
        super(message);
    }
}
