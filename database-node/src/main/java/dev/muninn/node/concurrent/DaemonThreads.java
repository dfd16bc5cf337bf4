package dev.muninn.node.concurrent;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads of the node's own executors: named for thread dumps and logs, and daemons, so that none of them keeps a
 * stopping node's JVM alive (each owner still shuts its executor down when it closes).
 */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** Every thread named {@code name}. */
    public static ThreadFactory named(String name) {
        return task -> daemon(task, name);
    }

    /** Threads named {@code prefix-1}, {@code prefix-2}, ... */
    public static ThreadFactory numbered(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> daemon(task, prefix + "-" + count.incrementAndGet());
    }

    /** One daemon thread running {@code task}, not started. */
    public static Thread of(Runnable task, String name) {
        return daemon(task, name);
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
