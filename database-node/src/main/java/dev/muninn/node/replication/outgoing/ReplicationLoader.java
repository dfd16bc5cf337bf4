package dev.muninn.node.replication.outgoing;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.muninn.node.cluster.ClusterState;
import dev.muninn.node.cluster.DatabaseRecord;
import dev.muninn.node.concurrent.DaemonThreads;
import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.documents.DatabasesLandlord;
import dev.muninn.node.replication.WriteAssurance;

/**
 * Runs one sender per (open database instance, other member of its group), following the database records: members
 * added or removed in the topology get or lose their sender within a second.
 */
public final class ReplicationLoader implements DatabasesLandlord.Listener, WriteAssurance, AutoCloseable {
    private final ClusterState cluster;
    private final HttpClient http;
    /**
     * For external replication: never with this node's certificate. A database admin names the destination; with
     * the node's identity (a ClusterNode, allowed everything) it could write into any database it may not touch.
     */
    private final HttpClient externalHttp;
    private final Map<String, DatabaseInstance> instances = new ConcurrentHashMap<>();
    private final Map<String, Map<String, ReplicationSender>> senders = new ConcurrentHashMap<>();
    /** External replication senders, apart: they are not members and never count for write assurance. */
    private final Map<String, Map<String, ReplicationSender>> externalSenders = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("replication-loader"));

    private final int batchItems;

    /** @param batchItems a batch holds at least this many items (when there are), up to a transaction's end */
    public ReplicationLoader(ClusterState cluster, DatabasesLandlord landlord, int batchItems,
                             java.util.function.Supplier<HttpClient.Builder> peerHttp) {
        this.cluster = cluster;
        this.http = peerHttp.get().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        this.externalHttp = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        this.batchItems = batchItems;
        landlord.addListener(this);
        timer.scheduleWithFixedDelay(this::refreshAll, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void opened(DatabaseInstance instance) {
        instances.put(instance.name(), instance);
        refresh(instance);
    }

    @Override
    public void closed(DatabaseInstance instance) {
        instances.remove(instance.name());
        for (Map<String, Map<String, ReplicationSender>> map : List.of(senders, externalSenders)) {
            Map<String, ReplicationSender> removed = map.remove(key(instance.name()));
            if (removed != null) {
                removed.values().forEach(ReplicationSender::close);
            }
        }
    }

    private static String key(String database) {
        return dev.muninn.node.cluster.DatabaseNames.key(database);
    }

    private void refreshAll() {
        instances.values().forEach(this::refresh);
    }

    private synchronized void refresh(DatabaseInstance instance) {
        DatabaseRecord record = cluster.record(instance.name()).orElse(null);
        String me = cluster.nodeTag().orElse(null);
        Map<String, ReplicationSender.Destination> members = new HashMap<>();
        Map<String, ReplicationSender.Destination> external = new HashMap<>();
        if (record != null && me != null) {
            // Every other instance, promotables and rehabs too: that is how they catch up to be promoted.
            for (String member : record.instances()) {
                String url = cluster.urlOf(member);
                if (!member.equals(me) && url != null) {
                    members.put(member, ReplicationSender.Destination.member(member, url, instance.name()));
                }
            }
            external.putAll(ExternalDestinations.runHere(record, me));
        }
        reconcile(instance, senders.computeIfAbsent(key(instance.name()), k -> new ConcurrentHashMap<>()), members,
                stats(instance.name()), http);
        reconcile(instance, externalSenders.computeIfAbsent(key(instance.name()), k -> new ConcurrentHashMap<>()),
                external, externalStats(instance.name()), externalHttp);
    }

    /** Closes the senders whose destination is no longer wanted (or changed) and starts the missing ones. */
    private void reconcile(DatabaseInstance instance, Map<String, ReplicationSender> current,
                           Map<String, ReplicationSender.Destination> wanted, ReplicationStats stats,
                           HttpClient client) {
        current.entrySet().removeIf(entry -> {
            boolean stale = !entry.getValue().destination().equals(wanted.get(entry.getKey()));
            if (stale) {
                entry.getValue().close();
            }
            return stale;
        });
        wanted.forEach((tag, destination) -> current.computeIfAbsent(tag,
                t -> new ReplicationSender(instance, destination, client, batchItems, stats, this::acknowledged)));
    }

    private final Object acknowledgementMonitor = new Object();

    private void acknowledged() {
        synchronized (acknowledgementMonitor) {
            acknowledgementMonitor.notifyAll();
        }
    }

    @Override
    public Outcome await(String database, long etag, int replicas, Duration timeout) throws InterruptedException {
        DatabaseRecord record = cluster.record(database).orElse(null);
        if (record == null) {
            // Deleted meanwhile: there is no group left to wait for.
            return new Outcome(0, 0, true);
        }
        int others = Math.max(0, record.members().size() - 1);
        int required = replicas < 0 ? record.members().size() / 2 : Math.max(1, replicas);
        required = Math.min(required, others);
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (acknowledgementMonitor) {
            while (true) {
                int replicated = replicatedCount(database, etag);
                if (replicated >= required) {
                    return new Outcome(replicated, required, true);
                }
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return new Outcome(replicated, required, false);
                }
                acknowledgementMonitor.wait(Math.min(left, 100));
            }
        }
    }

    private int replicatedCount(String database, long etag) {
        Map<String, ReplicationSender> forDatabase = senders.get(key(database));
        if (forDatabase == null) {
            return 0;
        }
        int count = 0;
        for (ReplicationSender sender : forDatabase.values()) {
            if (sender.acknowledgedEtag() >= etag) {
                count++;
            }
        }
        return count;
    }

    /** Per destination node, the last etag of {@code database} it acknowledged from this node. */
    public Map<String, Long> acknowledgedEtags(String database) {
        Map<String, Long> acknowledged = new HashMap<>();
        Map<String, ReplicationSender> forDatabase = senders.get(key(database));
        if (forDatabase != null) {
            forDatabase.forEach((tag, sender) -> acknowledged.put(tag, sender.acknowledgedEtag()));
        }
        return acknowledged;
    }

    private final Map<String, ReplicationStats> stats = new ConcurrentHashMap<>();

    /** Cumulative outgoing replication counters of {@code database} on this node. */
    public ReplicationStats stats(String database) {
        return stats.computeIfAbsent(key(database), k -> new ReplicationStats());
    }

    private final Map<String, ReplicationStats> externalStats = new ConcurrentHashMap<>();

    /** Cumulative external replication counters of {@code database} on this node. */
    public ReplicationStats externalStats(String database) {
        return externalStats.computeIfAbsent(key(database), k -> new ReplicationStats());
    }

    /** This node's external replication senders for {@code database}, by task ("external/<task id>"). */
    public java.util.List<OutgoingConnection> externalOutgoing(String database) {
        Map<String, ReplicationSender> forDatabase = externalSenders.getOrDefault(key(database), Map.of());
        return forDatabase.values().stream().map(ReplicationSender::status)
                .sorted(java.util.Comparator.comparing(OutgoingConnection::destinationTag)).toList();
    }

    /** This node's senders for {@code database}: where each destination stands and whether it is reachable. */
    public java.util.List<OutgoingConnection> outgoing(String database) {
        Map<String, ReplicationSender> forDatabase = senders.getOrDefault(key(database), Map.of());
        return forDatabase.values().stream().map(ReplicationSender::status)
                .sorted(java.util.Comparator.comparing(OutgoingConnection::destinationTag)).toList();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        for (Map<String, Map<String, ReplicationSender>> map : List.of(senders, externalSenders)) {
            map.values().forEach(forDatabase -> forDatabase.values().forEach(ReplicationSender::close));
            map.clear();
        }
    }
}
