package dev.muninn.node.script;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated so far by the calling thread, from HotSpot's per-thread allocation counter (the TLAB accounting
 * the JVM keeps anyway, so reading it costs tens of nanoseconds). Differences between two readings on the same
 * thread are what the code between them allocated, garbage included.
 */
final class AllocationMeter {
    private static final com.sun.management.ThreadMXBean THREADS = threads();

    private AllocationMeter() {
    }

    /** Whether the JVM counts allocations per thread; without it scripts run under their other limits only. */
    static boolean supported() {
        return THREADS != null;
    }

    static long allocatedByCurrentThread() {
        return THREADS == null ? 0 : THREADS.getCurrentThreadAllocatedBytes();
    }

    private static com.sun.management.ThreadMXBean threads() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                && threads.isThreadAllocatedMemorySupported()) {
            threads.setThreadAllocatedMemoryEnabled(true);
            return threads;
        }
        return null;
    }
}
