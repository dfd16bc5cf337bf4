package dev.muninn.bench;

/**
 * A system under test. {@link #worker()} is called once per load thread; each operation of a worker must be
 * durable when it returns.
 */
public interface Target extends AutoCloseable {
    /** "Muninn" or "PostgreSQL". */
    String name();

    /** Server and client versions and the durability settings in force, for the environment lines. */
    String describe() throws Exception;

    /** Fresh, empty storage for the run (a new database or table). */
    void prepare() throws Exception;

    /** The per-thread handle (a JDBC connection with its prepared statements; a shared document store). */
    Worker worker() throws Exception;

    @Override
    void close() throws Exception;
}
