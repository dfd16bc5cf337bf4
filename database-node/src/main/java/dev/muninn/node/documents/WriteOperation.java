package dev.muninn.node.documents;

/**
 * A unit of work the merger runs inside a shared write transaction. It must be all-or-nothing: when it throws,
 * the merger aborts the transaction and re-runs the other operations of the batch without it.
 */
@FunctionalInterface
public interface WriteOperation<R> {
    R execute(WriteContext context);
}
