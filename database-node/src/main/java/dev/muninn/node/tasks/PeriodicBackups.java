package dev.muninn.node.tasks;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.cluster.ClusterClient;
import dev.muninn.node.cluster.ClusterState;
import dev.muninn.node.cluster.DatabaseRecord;
import dev.muninn.node.cluster.ResponsibleNode;
import dev.muninn.node.concurrent.DaemonThreads;
import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.documents.DatabasesLandlord;
import dev.muninn.node.documents.Json;
import dev.muninn.node.documents.Ticks;

/**
 * Runs the periodic backup tasks this node is responsible for ({@link ResponsibleNode}), when {@link BackupSchedule}
 * says they are due, and records each run — or its error — in the cluster, where the next responsible node reads
 * it. One run per task at a time.
 */
public final class PeriodicBackups implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PeriodicBackups.class);

    private final ClusterState cluster;
    private final ClusterClient client;
    private final DatabasesLandlord landlord;
    private final Clock clock;
    private final Map<String, Boolean> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("periodic-backups"));
    private final ExecutorService runs = Executors.newCachedThreadPool(DaemonThreads.named("periodic-backup"));

    public PeriodicBackups(ClusterState cluster, ClusterClient client, DatabasesLandlord landlord, Clock clock) {
        this.cluster = cluster;
        this.client = client;
        this.landlord = landlord;
        this.clock = clock;
        timer.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
    }

    void check() {
        try {
            String me = cluster.nodeTag().orElse(null);
            if (me == null) {
                return;
            }
            for (DatabaseRecord record : cluster.records()) {
                if (!record.members().contains(me) || !landlord.isOpen(record.name())) {
                    continue;
                }
                for (JsonNode task : record.settings().path("PeriodicBackups")) {
                    long taskId = task.path("TaskId").asLong();
                    if (!ResponsibleNode.ofTask(record, task).map(me::equals).orElse(false)) {
                        continue;
                    }
                    JsonNode status = record.settings().path("PeriodicBackupStatus").path(Long.toString(taskId));
                    Optional<BackupSchedule.Kind> due = BackupSchedule.due(task, status, clock.instant(), me);
                    String key = record.name() + "/" + taskId;
                    if (due.isPresent() && running.putIfAbsent(key, true) == null) {
                        runs.execute(() -> {
                            try {
                                run(record.name(), task, status, due.get(), me);
                            } finally {
                                running.remove(key);
                            }
                        });
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("event=periodic-backup-check-failed reason=%s", e.toString());
        }
    }

    private void run(String database, JsonNode task, JsonNode previous, BackupSchedule.Kind kind, String me) {
        long taskId = task.path("TaskId").asLong();
        ObjectNode status = previous.isObject() ? ((ObjectNode) previous).deepCopy() : Json.object();
        status.put("TaskId", taskId);
        status.put("BackupType", task.path("BackupType").asText("Backup"));
        status.put("NodeTag", me);
        status.put("Version", status.path("Version").asLong(0) + 1);
        Instant started = clock.instant();
        try {
            DatabaseInstance instance = landlord.get(database);
            boolean full = kind == BackupSchedule.Kind.FULL;
            long after = full ? 0 : status.path("LastEtag").asLong(0);
            ObjectNode result = BackupRun.execute(instance, task, full, after, progress -> { });
            String at = Ticks.format(Ticks.of(started));
            status.put("IsFull", full);
            status.put(full ? "LastFullBackup" : "LastIncrementalBackup", at);
            status.put(full ? "LastFullBackupInternal" : "LastIncrementalBackupInternal", at);
            status.put("LastEtag", result.path("LastEtag").asLong());
            status.put("DurationInMs", clock.instant().toEpochMilli() - started.toEpochMilli());
            status.put("FileSize", result.path("FileSize").asLong());
            status.remove("LocalBackup");
            status.remove("UploadToS3");
            if (result.has("LocalBackup")) {
                ObjectNode local = status.putObject("LocalBackup");
                local.put("BackupDirectory", result.path("LocalBackup").path("BackupDirectory").asText());
                local.put("FileName", result.path("LocalBackup").path("FileName").asText());
                local.put("TempFolderUsed", false);
                status.put("FolderName", local.path("BackupDirectory").asText());
            }
            if (result.has("S3Backup")) {
                ObjectNode upload = status.putObject("UploadToS3");
                upload.put("Skipped", false);
                upload.put("FileName", result.path("S3Backup").path("FileName").asText());
                upload.put("Destination", result.path("S3Backup").path("Destination").asText());
            }
            status.putNull("Error");
            LOG.infof("node=%s db=%s event=periodic-backup-done task=%d kind=%s snapshot=%s items=%d bytes=%d", me,
                    database, taskId, kind, full && BackupRun.isSnapshot(task),
                    result.path("Documents").path("ReadCount").asLong(), result.path("FileSize").asLong());
            applyRetention(database, task, me);
        } catch (RuntimeException e) {
            ObjectNode error = status.putObject("Error");
            error.put("Exception", e.getMessage() == null ? e.toString() : e.getMessage());
            error.put("At", Ticks.format(Ticks.of(clock.instant())));
            LOG.warnf("node=%s db=%s event=periodic-backup-failed task=%d kind=%s reason=\"%s\"", me, database, taskId,
                    kind, e.toString());
        }
        try {
            client.putPeriodicBackupStatus(database, taskId, status);
        } catch (RuntimeException e) {
            LOG.warnf("node=%s db=%s event=periodic-backup-status-not-recorded task=%d reason=%s", me, database, taskId,
                    e.toString());
        }
    }

    /** After a successful run: whole chains older than RetentionPolicy.MinimumBackupAgeToKeep go, everywhere. */
    private void applyRetention(String database, JsonNode task, String me) {
        JsonNode policy = task.path("RetentionPolicy");
        String age = policy.path("MinimumBackupAgeToKeep").asText("");
        if (!policy.isObject() || policy.path("Disabled").asBoolean(false) || age.isBlank()) {
            return;
        }
        java.time.Duration minimumAge = dev.muninn.node.documents.TimeSpans.parse(age);
        for (BackupDestination destination : BackupDestinations.of(task)) {
            try {
                for (String expired : BackupRetention.expired(destination.list(), clock.instant(), minimumAge)) {
                    destination.delete(expired);
                    LOG.infof("node=%s db=%s event=backup-retention-deleted destination=%s file=%s", me, database,
                            destination.describe(), expired);
                }
            } catch (RuntimeException e) {
                LOG.warnf("node=%s db=%s event=backup-retention-failed destination=%s reason=\"%s\"", me, database,
                        destination.describe(), e.toString());
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        runs.shutdownNow();
    }
}
