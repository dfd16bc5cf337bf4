package dev.muninn.bench;

/** A three-member system under test whose members can be SIGKILLed and restarted. */
interface BenchCluster extends AutoCloseable {
    String name();

    void start() throws Exception;

    int size();

    /** One small replicated command through member {@code member}; throws unless it was committed. */
    void commit(int member, long sequence) throws Exception;

    /** The member that leads now, as the system reports it. */
    int leader() throws Exception;

    void kill(int member) throws InterruptedException;

    void restart(int member) throws Exception;

    boolean alive(int member);

    @Override
    void close();
}
