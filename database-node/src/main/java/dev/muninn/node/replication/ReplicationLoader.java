package dev.muninn.node.replication;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.muninn.node.cluster.ClusterState;
import dev.muninn.node.cluster.DatabaseRecord;
import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.documents.DatabasesLandlord;

/**
 * Runs one sender per (open database instance, other member of its group), following the database records: members
 * added or removed in the topology get or lose their sender within a second.
 */
public final class ReplicationLoader implements DatabasesLandlord.Listener, AutoCloseable {
    private final ClusterState cluster;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, DatabaseInstance> instances = new ConcurrentHashMap<>();
    private final Map<String, Map<String, ReplicationSender>> senders = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "replication-loader");
        thread.setDaemon(true);
        return thread;
    });

    public ReplicationLoader(ClusterState cluster, DatabasesLandlord landlord) {
        this.cluster = cluster;
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
        Map<String, ReplicationSender> removed = senders.remove(instance.name());
        if (removed != null) {
            removed.values().forEach(ReplicationSender::close);
        }
    }

    private void refreshAll() {
        instances.values().forEach(this::refresh);
    }

    private synchronized void refresh(DatabaseInstance instance) {
        DatabaseRecord record = cluster.record(instance.name()).orElse(null);
        String me = cluster.nodeTag().orElse(null);
        Map<String, ReplicationSender> current = senders.computeIfAbsent(instance.name(), k -> new HashMap<>());
        Map<String, String> wanted = new HashMap<>();
        if (record != null && me != null) {
            for (String member : record.members()) {
                String url = cluster.urlOf(member);
                if (!member.equals(me) && url != null) {
                    wanted.put(member, url);
                }
            }
        }
        current.entrySet().removeIf(entry -> {
            boolean stale = !entry.getValue().destinationUrl().equals(wanted.get(entry.getKey()));
            if (stale) {
                entry.getValue().close();
            }
            return stale;
        });
        wanted.forEach((tag, url) -> current.computeIfAbsent(tag,
                t -> new ReplicationSender(instance, tag, url, http)));
    }

    @Override
    public void close() {
        timer.shutdownNow();
        senders.values().forEach(map -> map.values().forEach(ReplicationSender::close));
        senders.clear();
    }
}
