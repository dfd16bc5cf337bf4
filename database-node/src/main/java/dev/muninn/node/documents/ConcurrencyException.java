package dev.muninn.node.documents;

/** An optimistic-concurrency check failed: the document's change vector is not the one the caller expected. */
public final class ConcurrencyException extends RuntimeException {
    private final String id;
    private final String expectedChangeVector;
    private final String actualChangeVector;

    public ConcurrencyException(String id, String expectedChangeVector, String actualChangeVector) {
        super(message(id, expectedChangeVector, actualChangeVector));
        this.id = id;
        this.expectedChangeVector = expectedChangeVector;
        this.actualChangeVector = actualChangeVector;
    }

    private static String message(String id, String expected, String actual) {
        String found = actual == null ? "does not exist" : "has change vector " + actual;
        String wanted = expected.isEmpty() ? "expecting a new document" : "expecting change vector " + expected;
        return "Document " + id + " " + found + ", but the write was called " + wanted
                + ". Optimistic concurrency violation, transaction will be aborted.";
    }

    public String id() {
        return id;
    }

    public String expectedChangeVector() {
        return expectedChangeVector;
    }

    public String actualChangeVector() {
        return actualChangeVector;
    }
}
