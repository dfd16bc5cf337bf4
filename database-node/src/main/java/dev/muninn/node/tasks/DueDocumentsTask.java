package dev.muninn.node.tasks;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.muninn.node.cluster.ClusterState;
import dev.muninn.node.cluster.DatabaseRecord;
import dev.muninn.node.concurrent.DaemonThreads;
import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.documents.DatabasesLandlord;
import dev.muninn.node.documents.Ticks;
import dev.muninn.node.documents.WriteOperation;
import dev.muninn.node.documents.commands.ActOnDueDocument;
import dev.muninn.node.documents.commands.Batch;
import dev.muninn.node.storage.DueDates;

/**
 * Document expiration and refresh (the clients' ConfigureExpirationOperation and ConfigureRefreshOperation): when a
 * database's record enables one, the database's first member, and only it, deletes the documents whose
 * {@code @expires} has passed, or rewrites those whose {@code @refresh} has, every {@code DeleteFrequencyInSec} or
 * {@code RefreshFrequencyInSec}. The other members get the deletes and rewrites by replication, as any other; one
 * node acting keeps them from each writing its own (conflicting) versions. Documents due are found by the storage's
 * date index, {@code MaxItemsToProcess} per run at most, in transactions of {@value #BATCH}.
 */
public final class DueDocumentsTask implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DueDocumentsTask.class);
    static final int BATCH = 1024;

    private final ClusterState cluster;
    private final DatabasesLandlord landlord;
    private final long maxDocumentBytes;
    private final Clock clock;
    private final Map<String, Long> lastRun = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("due-documents"));

    public DueDocumentsTask(ClusterState cluster, DatabasesLandlord landlord, long maxDocumentBytes, Clock clock) {
        this.cluster = cluster;
        this.landlord = landlord;
        this.maxDocumentBytes = maxDocumentBytes;
        this.clock = clock;
        timer.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
    }

    void check() {
        String me = cluster.nodeTag().orElse(null);
        if (me == null) {
            return;
        }
        for (DatabaseRecord record : cluster.records()) {
            if (record.members().isEmpty() || !record.members().get(0).equals(me) || !landlord.isOpen(record.name())) {
                continue;
            }
            runIfDue(record, "Expiration", "DeleteFrequencyInSec", ActOnDueDocument.Action.EXPIRE);
            runIfDue(record, "Refresh", "RefreshFrequencyInSec", ActOnDueDocument.Action.REFRESH);
        }
    }

    private void runIfDue(DatabaseRecord record, String setting, String frequencyField,
                          ActOnDueDocument.Action action) {
        JsonNode configuration = record.settings() == null ? null : record.settings().get(setting);
        if (configuration == null || !configuration.isObject() || configuration.path("Disabled").asBoolean(false)) {
            return;
        }
        long frequencyMs = Math.max(1, configuration.path(frequencyField).asLong(60)) * 1000;
        String key = record.name() + "/" + action;
        long now = clock.millis();
        if (now - lastRun.getOrDefault(key, 0L) < frequencyMs) {
            return;
        }
        lastRun.put(key, now);
        long max = configuration.path("MaxItemsToProcess").asLong(Long.MAX_VALUE);
        try {
            long done = run(landlord.get(record.name()), action, max <= 0 ? Long.MAX_VALUE : max);
            if (done > 0) {
                LOG.infof("node=%s db=%s event=%s documents=%d", cluster.nodeTagOrUnknown(), record.name(),
                        action == ActOnDueDocument.Action.EXPIRE ? "documents-expired" : "documents-refreshed", done);
            }
        } catch (RuntimeException e) {
            LOG.warnf("node=%s db=%s event=due-documents-failed action=%s reason=\"%s\"",
                    cluster.nodeTagOrUnknown(), record.name(), action, e.toString());
        }
    }

    /** Acts on the documents due now, up to {@code max}; the number acted on. */
    public long run(DatabaseInstance database, ActOnDueDocument.Action action, long max) {
        long nowTicks = Ticks.of(clock.instant());
        long acted = 0;
        while (acted < max) {
            int limit = (int) Math.min(BATCH, max - acted);
            List<DueDates.Due> due = database.read(reader -> (action == ActOnDueDocument.Action.EXPIRE
                    ? reader.storage().expirations() : reader.storage().refreshes())
                    .dueBy(reader.transaction(), nowTicks, limit));
            if (due.isEmpty()) {
                break;
            }
            List<WriteOperation<?>> writes = new ArrayList<>(due.size());
            due.forEach(d -> writes.add(new ActOnDueDocument(d.key(), action, nowTicks, maxDocumentBytes)));
            List<Object> results = database.write(new Batch(writes));
            long changed = results.stream().filter(Boolean.TRUE::equals).count();
            acted += changed;
            if (changed == 0) {
                break; // every one was written since and is no longer due: its index entry moved with it
            }
        }
        return acted;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
