package dev.muninn.node.http;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Keeps refusals from flooding the audit log: at most {@code perWindow} lines per client certificate (or per
 * anonymous caller) in each window; the next line written for it says how many were left out meanwhile, so the
 * trail still counts every refusal. Admin actions are never limited (they need a valid certificate anyway).
 */
final class AuditRateLimit {
    /** Whether to write this line, and how many lines of the same caller were left out before it. */
    record Verdict(boolean write, long leftOut) {
    }

    private static final class Window {
        long start;
        int written;
        long leftOut;
    }

    private final int perWindow;
    private final long windowNanos;
    private final int maxCallers;
    private final Map<String, Window> windows = new HashMap<>();

    AuditRateLimit(int perWindow, long windowNanos, int maxCallers) {
        this.perWindow = perWindow;
        this.windowNanos = windowNanos;
        this.maxCallers = maxCallers;
    }

    synchronized Verdict admit(String caller, long nowNanos) {
        Window window = windows.get(caller);
        if (window == null) {
            if (windows.size() >= maxCallers) {
                forgetQuietCallers(nowNanos);
            }
            window = new Window();
            window.start = nowNanos;
            windows.put(caller, window);
        } else if (nowNanos - window.start >= windowNanos) {
            window.start = nowNanos;
            window.written = 0;
        }
        if (window.written >= perWindow) {
            window.leftOut++;
            return new Verdict(false, 0);
        }
        window.written++;
        long leftOut = window.leftOut;
        window.leftOut = 0;
        return new Verdict(true, leftOut);
    }

    /**
     * Callers whose window ended and who have nothing left out are forgotten; if every caller is busy, the map is
     * cleared (their left-out counts are lost: a flood of that many distinct certificates is itself logged).
     */
    private void forgetQuietCallers(long nowNanos) {
        Iterator<Window> it = windows.values().iterator();
        while (it.hasNext()) {
            Window window = it.next();
            if (nowNanos - window.start >= windowNanos && window.leftOut == 0) {
                it.remove();
            }
        }
        if (windows.size() >= maxCallers) {
            windows.clear();
        }
    }
}
