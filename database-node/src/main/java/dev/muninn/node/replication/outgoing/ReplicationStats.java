package dev.muninn.node.replication.outgoing;

import java.util.concurrent.atomic.LongAdder;

/**
 * Cumulative counters of one database's outgoing replication on this node (all destinations), for
 * {@code muninn_replication_*} metrics: they survive senders being replaced when the topology changes.
 */
public final class ReplicationStats {
    private final LongAdder batches = new LongAdder();
    private final LongAdder items = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder sendNanos = new LongAdder();
    private final LongAdder failures = new LongAdder();

    void batchSent(int itemCount, int byteCount, long nanos) {
        batches.increment();
        items.add(itemCount);
        bytes.add(byteCount);
        sendNanos.add(nanos);
    }

    void failed() {
        failures.increment();
    }

    public long batches() {
        return batches.sum();
    }

    public long items() {
        return items.sum();
    }

    public long bytes() {
        return bytes.sum();
    }

    public double sendSeconds() {
        return sendNanos.sum() / 1e9;
    }

    public long failures() {
        return failures.sum();
    }
}
