package dev.muninn.node.documents;

/** The document has concurrent versions that are not resolved yet; it cannot be read until they are. */
public final class DocumentConflictException extends RuntimeException {
    private final String id;
    private final long largestEtag;

    public DocumentConflictException(String id, long largestEtag) {
        super("Conflict detected on '" + id + "', conflict must be resolved before the document will be accessible");
        this.id = id;
        this.largestEtag = largestEtag;
    }

    public String id() {
        return id;
    }

    public long largestEtag() {
        return largestEtag;
    }
}
