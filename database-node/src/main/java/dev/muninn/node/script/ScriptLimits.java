package dev.muninn.node.script;

import java.time.Duration;

/**
 * Bounds on one script run: wall time, interpreter instructions, bytes the script's thread may allocate, and the
 * size of what it returns. The allocation budget counts every byte allocated while the script runs, garbage
 * included, so it bounds what the script can hold at once from above (ADR 0033).
 */
public record ScriptLimits(Duration maxDuration, long maxInstructions, int maxOutputBytes, long maxAllocatedBytes) {
    /** At least this much whatever the heap, so a small node still patches ordinary documents. */
    static final long MIN_ALLOCATION_BUDGET = 32L << 20;
    /** At most this much whatever the heap: one script is one request. */
    static final long MAX_ALLOCATION_BUDGET = 512L << 20;

    public static final ScriptLimits DEFAULT = new ScriptLimits(Duration.ofSeconds(5), 10_000_000L, 16 << 20,
            defaultAllocationBudget(Runtime.getRuntime().maxMemory()));

    /** Limits with the default allocation budget for this heap. */
    public ScriptLimits(Duration maxDuration, long maxInstructions, int maxOutputBytes) {
        this(maxDuration, maxInstructions, maxOutputBytes, defaultAllocationBudget(Runtime.getRuntime().maxMemory()));
    }

    public ScriptLimits {
        if (maxAllocatedBytes <= 0) {
            throw new IllegalArgumentException("maxAllocatedBytes must be positive, was " + maxAllocatedBytes);
        }
    }

    /**
     * An eighth of the heap, within [32 MB, 512 MB]: eight scripts at their budget at once still leave the node
     * room, and a patch of a document at the 32 MB size limit fits on the default 1 GB heap.
     */
    static long defaultAllocationBudget(long maxHeapBytes) {
        return Math.max(MIN_ALLOCATION_BUDGET, Math.min(MAX_ALLOCATION_BUDGET, maxHeapBytes / 8));
    }

    /** These limits with another allocation budget; {@code megabytes <= 0} keeps the heap-derived default. */
    public ScriptLimits withMaxAllocatedMegabytes(long megabytes) {
        return megabytes <= 0 ? this
                : new ScriptLimits(maxDuration, maxInstructions, maxOutputBytes, megabytes << 20);
    }

    /**
     * These limits, with room in the result for any document the node accepts and its metadata: a patch returns the
     * whole document, so an output limit below the document limit would refuse to patch the largest documents.
     */
    public ScriptLimits withOutputForDocumentsUpTo(long maxDocumentSizeBytes) {
        long needed = maxDocumentSizeBytes + (1 << 20);
        if (needed <= maxOutputBytes) {
            return this;
        }
        return new ScriptLimits(maxDuration, maxInstructions, (int) Math.min(Integer.MAX_VALUE - 8, needed),
                maxAllocatedBytes);
    }
}
