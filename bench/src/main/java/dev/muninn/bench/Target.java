package dev.muninn.bench;

import java.util.List;

/** A system under test. Every method is called from many threads; each op must be durable when it returns. */
public interface Target extends AutoCloseable {
    String name();

    /** Fresh, empty storage for the run (a new database or table). */
    void prepare() throws Exception;

    void insert(String id, BenchDocument doc) throws Exception;

    /** One transaction with all ids. */
    void insertBatch(List<String> ids, BenchDocument doc) throws Exception;

    /** Loads one document; fails if it is missing. */
    void read(String id) throws Exception;

    @Override
    void close() throws Exception;
}
