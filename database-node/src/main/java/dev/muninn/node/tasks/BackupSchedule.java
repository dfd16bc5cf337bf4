package dev.muninn.node.tasks;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.muninn.node.documents.Ticks;

/**
 * When a periodic backup task is due, from its configuration and the status its last run left in the record — a
 * pure function, so the node that takes a task over continues the same schedule with no gap: a task that never
 * ran a full backup runs one at once; then a full one at each {@code FullBackupFrequency} time after the last full,
 * an incremental one at each {@code IncrementalBackupFrequency} time after the last backup. A failed run is tried
 * again after {@link #RETRY} (never skipped in silence: its error stays in the status until a run succeeds).
 */
public final class BackupSchedule {
    public static final Duration RETRY = Duration.ofSeconds(30);

    public enum Kind { FULL, INCREMENTAL }

    private BackupSchedule() {
    }

    /**
     * What to run now on node {@code me}, if anything. A backup due on another node than the one that ran the last
     * one is a full backup: etags are each instance's own, so an incremental one cannot continue another node's.
     */
    public static Optional<Kind> due(JsonNode task, JsonNode status, Instant now, String me) {
        Optional<Kind> due = due(task, status, now);
        String lastNode = status.path("NodeTag").asText("");
        return due.isPresent() && !lastNode.isEmpty() && !lastNode.equals(me) ? Optional.of(Kind.FULL) : due;
    }

    static Optional<Kind> due(JsonNode task, JsonNode status, Instant now) {
        if (task.path("Disabled").asBoolean(false)) {
            return Optional.empty();
        }
        Instant failedAt = time(status.path("Error").path("At"));
        if (failedAt != null && now.isBefore(failedAt.plus(RETRY))) {
            return Optional.empty();
        }
        Instant lastFull = time(status.path("LastFullBackup"));
        if (lastFull == null) {
            return Optional.of(Kind.FULL);
        }
        String full = task.path("FullBackupFrequency").asText("");
        if (!full.isBlank() && !now.isBefore(next(full, lastFull))) {
            return Optional.of(Kind.FULL);
        }
        String incremental = task.path("IncrementalBackupFrequency").asText("");
        Instant lastIncremental = time(status.path("LastIncrementalBackup"));
        Instant lastAny = lastIncremental != null && lastIncremental.isAfter(lastFull) ? lastIncremental : lastFull;
        if (!incremental.isBlank() && !now.isBefore(next(incremental, lastAny))) {
            return Optional.of(Kind.INCREMENTAL);
        }
        return Optional.empty();
    }

    private static Instant next(String cron, Instant after) {
        return CronSchedule.parse(cron).next(after.atZone(ZoneOffset.UTC)).toInstant();
    }

    private static Instant time(JsonNode text) {
        Long ticks = text.isTextual() ? Ticks.parseOrNull(text.asText()) : null;
        return ticks == null ? null : Ticks.toInstant(ticks);
    }
}
