package dev.muninn.node.http.errors;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Admits at most {@value #LINES_PER_WINDOW} log lines per kind in each {@value #WINDOW_SECONDS}-second window, so that
 * a client repeating a bad request (or hanging up again and again) cannot flood the log. What it held back is
 * reported once the next window opens. Kinds are a small fixed set (status and error type), never a URL.
 */
final class ThrottledLog {
    static final int LINES_PER_WINDOW = 20;
    static final long WINDOW_SECONDS = 10;
    private static final long WINDOW_NANOS = WINDOW_SECONDS * 1_000_000_000L;

    /** What to do with one line: write it or not, and how many lines of its kind the last window held back. */
    record Decision(boolean write, long suppressedBefore) {
    }

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    ThrottledLog() {
        this(System::nanoTime);
    }

    ThrottledLog(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    Decision admit(String kind) {
        return windows.computeIfAbsent(kind, k -> new Window(nanoTime.getAsLong())).admit(nanoTime.getAsLong());
    }

    private static final class Window {
        private long start;
        private int written;
        private long suppressed;

        Window(long start) {
            this.start = start;
        }

        synchronized Decision admit(long now) {
            long reported = 0;
            if (now - start >= WINDOW_NANOS) {
                reported = suppressed;
                start = now;
                written = 0;
                suppressed = 0;
            }
            if (written < LINES_PER_WINDOW) {
                written++;
                return new Decision(true, reported);
            }
            suppressed++;
            return new Decision(false, reported);
        }
    }
}
