package dev.muninn.node.cluster;

import com.fasterxml.jackson.databind.JsonNode;

/** A cluster-wide transaction was refused: a compare-exchange or atomic guard was not at the index it expected. */
public final class ClusterTransactionConflictException extends RuntimeException {
    private final JsonNode violations;

    public ClusterTransactionConflictException(String message, JsonNode violations) {
        super(message);
        this.violations = violations;
    }

    /** {@code [{Id, Type: Document|CompareExchange, Expected, Actual}]}, as the client reads them. */
    public JsonNode violations() {
        return violations;
    }
}
