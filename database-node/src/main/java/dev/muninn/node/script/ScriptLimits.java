package dev.muninn.node.script;

import java.time.Duration;

/** Bounds on one script run: wall time, interpreter instructions, and the size of what it returns. */
public record ScriptLimits(Duration maxDuration, long maxInstructions, int maxOutputBytes) {
    public static final ScriptLimits DEFAULT = new ScriptLimits(Duration.ofSeconds(5), 10_000_000L, 16 << 20);

    /**
     * These limits, with room in the result for any document the node accepts and its metadata: a patch returns the
     * whole document, so an output limit below the document limit would refuse to patch the largest documents.
     */
    public ScriptLimits withOutputForDocumentsUpTo(long maxDocumentSizeBytes) {
        long needed = maxDocumentSizeBytes + (1 << 20);
        if (needed <= maxOutputBytes) {
            return this;
        }
        return new ScriptLimits(maxDuration, maxInstructions, (int) Math.min(Integer.MAX_VALUE - 8, needed));
    }
}
