package dev.muninn.node.observability;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.documents.DatabasesLandlord;
import dev.muninn.node.replication.outgoing.ReplicationLoader;
import dev.muninn.node.replication.outgoing.ReplicationStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.StartupEvent;

/**
 * Per-database metrics, registered while the instance is open:
 * {@code muninn_merger_transactions_total}, {@code muninn_merger_operations_total} (their ratio is the group-commit
 * factor), {@code muninn_merger_queue_length}, {@code muninn_database_last_etag},
 * {@code muninn_database_conflicted_versions}; outgoing replication (all destinations):
 * {@code muninn_replication_batches_total}, {@code _items_total}, {@code _sent_bytes_total},
 * {@code _send_seconds_total} (over batches: the mean round trip), {@code _failures_total}.
 */
@Singleton
public class DatabaseMetrics implements DatabasesLandlord.Listener {
    private final MeterRegistry registry;
    private final ReplicationLoader replication;
    private final Map<String, List<Meter>> meters = new ConcurrentHashMap<>();

    public DatabaseMetrics(MeterRegistry registry, ReplicationLoader replication) {
        this.registry = registry;
        this.replication = replication;
    }

    void register(@Observes StartupEvent event, DatabasesLandlord landlord) {
        landlord.addListener(this);
    }

    @Override
    public void opened(DatabaseInstance db) {
        Tags tags = Tags.of("database", db.name());
        meters.put(db.name(), List.of(
                FunctionCounter.builder("muninn.merger.transactions", db.merger(), m -> m.committedTransactions())
                        .tags(tags).description("Merged write transactions committed (one fsync each)")
                        .register(registry),
                FunctionCounter.builder("muninn.merger.operations", db.merger(), m -> m.committedOperations())
                        .tags(tags).description("Write requests committed").register(registry),
                Gauge.builder("muninn.merger.queue.length", db.merger(), m -> m.queueLength())
                        .tags(tags).description("Write requests waiting for the merger").register(registry),
                Gauge.builder("muninn.database.last.etag", db, DatabaseInstance::lastEtag)
                        .tags(tags).description("Last etag assigned in the database").register(registry),
                Gauge.builder("muninn.database.conflicted.versions", db,
                                d -> d.read(r -> r.countConflicts()).doubleValue())
                        .tags(tags).description("Document versions waiting in conflicts (0 when all are resolved); "
                                + "a solver that fails leaves them here").register(registry),
                replicationCounter("batches", null, db, tags, ReplicationStats::batches,
                        "Replication batches acknowledged by other members"),
                replicationCounter("items", null, db, tags, ReplicationStats::items,
                        "Documents, tombstones and revisions sent to other members"),
                replicationCounter("sent.bytes", "bytes", db, tags, ReplicationStats::bytes,
                        "Replication batch bytes sent"),
                replicationCounter("send.seconds", null, db, tags, ReplicationStats::sendSeconds,
                        "Time spent sending batches until acknowledged"),
                replicationCounter("failures", null, db, tags, ReplicationStats::failures,
                        "Failed batches and handshakes (destination unreachable)")));
    }

    private Meter replicationCounter(String name, String unit, DatabaseInstance db, Tags tags,
                                     java.util.function.ToDoubleFunction<ReplicationStats> value, String description) {
        return FunctionCounter.builder("muninn.replication." + name, replication.stats(db.name()), value)
                .tags(tags).baseUnit(unit).description(description).register(registry);
    }

    @Override
    public void closed(DatabaseInstance db) {
        List<Meter> removed = meters.remove(db.name());
        if (removed != null) {
            removed.forEach(registry::remove);
        }
    }
}
