package dev.muninn.bench;

import java.util.List;

/** One load thread's access to a {@link Target}; used by one thread only. */
public interface Worker extends AutoCloseable {
    /** One durable single-document insert. */
    void insert(String id, BenchDocument doc) throws Exception;

    /** One durable transaction that inserts every document; {@code docs.get(i)} gets {@code ids.get(i)}. */
    void insertBatch(List<String> ids, List<BenchDocument> docs) throws Exception;

    /**
     * One bulk load of every document, durable when it returns: the client's bulkInsert() for Muninn, COPY in one
     * transaction for PostgreSQL (each system's own way to load many rows).
     */
    void bulkInsert(List<String> ids, List<BenchDocument> docs) throws Exception;

    /** Loads one document by id; throws unless it exists and its name is {@code expectedName}. */
    void read(String id, String expectedName) throws Exception;

    /**
     * The same load without the official client: one plain HTTP request for Muninn, so the table separates the
     * client's cost from the node's. PostgreSQL's JDBC read is already its plain protocol.
     */
    default void readRaw(String id, String expectedName) throws Exception {
        read(id, expectedName);
    }

    @Override
    default void close() throws Exception {
    }
}
