package dev.muninn.node.replication.incoming;

/**
 * A replicated item claims a version of this very database that it never wrote: an entry for its own database id
 * above its last etag. Stored, it would make this database's later writes look older than the forged one, so other
 * members would skip them. A bad-input refusal, like a batch that does not parse.
 */
public final class ForeignChangeVectorException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    ForeignChangeVectorException(String message) {
        super(message);
    }
}
