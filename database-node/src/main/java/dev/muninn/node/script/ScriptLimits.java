package dev.muninn.node.script;

import java.time.Duration;

/** Bounds on one script run: wall time, interpreter instructions, and the size of what it returns. */
public record ScriptLimits(Duration maxDuration, long maxInstructions, int maxOutputBytes) {
    public static final ScriptLimits DEFAULT = new ScriptLimits(Duration.ofSeconds(5), 10_000_000L, 16 << 20);
}
