package dev.muninn.node.documents;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.cluster.ClusterState;
import dev.muninn.node.cluster.DatabaseNames;
import dev.muninn.node.cluster.commands.ClusterTransaction;
import dev.muninn.node.concurrent.DaemonThreads;
import dev.muninn.node.documents.commands.ApplyClusterTransaction;

/**
 * Applies committed cluster-wide transactions to this node's database instances, in Raft index order, each exactly
 * once ({@link ApplyClusterTransaction} records the last one applied in the same local transaction). Runs when such a
 * transaction is committed, when a snapshot replaces the cluster state, and when an instance opens — so an instance
 * that was down or new catches up on every transaction it missed. One thread: transactions of one database must not
 * overtake each other.
 */
public final class ClusterTransactions implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ClusterTransactions.class);
    private static final int BATCH = 64;

    private final ClusterState cluster;
    private final DatabasesLandlord landlord;
    private final long maxDocumentSizeBytes;
    private final Set<String> scheduled = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("cluster-transactions"));

    public ClusterTransactions(ClusterState cluster, DatabasesLandlord landlord, long maxDocumentSizeBytes) {
        this.cluster = cluster;
        this.landlord = landlord;
        this.maxDocumentSizeBytes = maxDocumentSizeBytes;
        cluster.onApplied(command -> {
            if (command instanceof ClusterTransaction transaction) {
                schedule(transaction.database(), 0);
            } else if (command == null) {
                cluster.records().forEach(record -> schedule(record.name(), 0));
            }
        });
        landlord.addListener(new DatabasesLandlord.Listener() {
            @Override
            public void opened(DatabaseInstance instance) {
                schedule(instance.name(), 0);
            }

            @Override
            public void closed(DatabaseInstance instance) {
            }
        });
    }

    /**
     * Waits until everything of this database's cluster-wide transactions up to Raft {@code index} is applied to
     * this node's instance (a transaction of compare-exchange changes only has nothing to apply); false on timeout.
     * Callers answer only then, so a session reads its own cluster-wide writes on whichever node it asks.
     */
    public boolean awaitApplied(DatabaseInstance instance, long index, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!cluster.awaitApplied(index, timeout.toMillis())) {
            return false;
        }
        return instance.awaitCommitted(() -> {
            long last = lastApplied(instance);
            if (last >= index) {
                return true;
            }
            List<ObjectNode> next = cluster.clusterTransactions(instance.name(), last, 1);
            return next.isEmpty() || next.get(0).path("Index").asLong() > index;
        }, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    public static long lastApplied(DatabaseInstance instance) {
        return instance.read(DatabaseInstance.DocumentReader::lastClusterTransactionIndex);
    }

    private void schedule(String database, long delayMillis) {
        String key = DatabaseNames.key(database);
        if (scheduled.add(key)) {
            worker.schedule(() -> {
                scheduled.remove(key);
                applyPending(database);
            }, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void applyPending(String database) {
        if (!landlord.isOpen(database)) {
            return; // applied when it opens
        }
        try {
            DatabaseInstance instance = landlord.get(database);
            while (true) {
                List<ObjectNode> pending = cluster.clusterTransactions(database, lastApplied(instance), BATCH);
                if (pending.isEmpty()) {
                    return;
                }
                for (ObjectNode transaction : pending) {
                    List<JsonNode> documents = new java.util.ArrayList<>();
                    transaction.path("Documents").forEach(documents::add);
                    instance.write(new ApplyClusterTransaction(transaction.path("Index").asLong(),
                            transaction.path("DatabaseTopologyId").asText(), documents, maxDocumentSizeBytes));
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("node=%s db=%s event=cluster-transactions-not-applied reason=\"%s\" retry_ms=1000",
                    cluster.nodeTagOrUnknown(), database, e.toString());
            schedule(database, 1000);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
