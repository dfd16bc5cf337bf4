package dev.muninn.bench.cluster;

import java.time.Duration;

/**
 * A three-member replicated system under test, driven over HTTP through {@link Http}: members are numbered
 * 0..size-1, each one a {@link ServerProcess} that can be SIGKILLed and started again on its data.
 */
interface ConsensusCluster {
    /** "Muninn" or "etcd", as in the table. */
    String name();

    /** One line for the report: version and the settings that matter for the comparison. */
    String describe();

    int size();

    /** "node A (127.0.0.101)" and the like, for progress messages. */
    String memberName(int member);

    /** Starts every member and forms the cluster; returns once a command commits through each member. */
    void start() throws Exception;

    /**
     * One small command sent to {@code member}; returns only once it was committed by a majority (and applied where
     * the system waits for that), throws otherwise. {@code sequence} is unique within the run.
     */
    void commit(int member, long sequence, Duration timeout) throws Exception;

    /** The member that leads now, as the running members report it; waits up to {@code within} for one. */
    int leader(Duration within) throws Exception;

    /** The member's process id (-1 while it is not running), for its CPU time. */
    long pid(int member);

    /** SIGKILLs the member; returns {@link System#nanoTime()} right after the signal. */
    long kill(int member);

    /** Starts the killed member again on its data; returns once it is back in the cluster and caught up. */
    void restart(int member) throws Exception;
}
