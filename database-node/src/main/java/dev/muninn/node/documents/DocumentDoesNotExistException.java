package dev.muninn.node.documents;

/** An operation on a document (such as putting an attachment on it) found no such document. */
public final class DocumentDoesNotExistException extends RuntimeException {
    private final String id;

    public DocumentDoesNotExistException(String id, String message) {
        super(message);
        this.id = id;
    }

    public String id() {
        return id;
    }
}
