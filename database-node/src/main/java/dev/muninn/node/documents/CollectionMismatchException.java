package dev.muninn.node.documents;

/** A write would move an existing document to another collection, which RavenDB does not allow. */
public final class CollectionMismatchException extends RuntimeException {
    public CollectionMismatchException(String message) {
        super(message);
    }
}
