package dev.muninn.node.supervisor;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import dev.muninn.node.cluster.ClusterClient;
import dev.muninn.node.cluster.ClusterState;
import dev.muninn.node.cluster.ClusterView;
import dev.muninn.node.cluster.DatabaseNames;
import dev.muninn.node.cluster.DatabaseRecord;
import dev.muninn.node.cluster.Leadership;
import dev.muninn.node.cluster.NodeInfo;
import dev.muninn.node.cluster.commands.UpdateTopology;
import dev.muninn.node.concurrent.DaemonThreads;

/**
 * The cluster's supervisor: runs on the Raft leader only, started and stopped by leadership changes. Every sample
 * period it asks every node for its report, then for each database applies {@link TopologyDecisions} through Raft
 * (demotion to rehab, promotion of caught-up instances, new instances below the replication factor).
 */
public final class Supervisor implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Supervisor.class);

    private final ClusterState cluster;
    private final ClusterClient client;
    private final NodeReportClient reports;
    private final SupervisorSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("supervisor"));
    private final ExecutorService askers = Executors.newCachedThreadPool(DaemonThreads.named("supervisor-report"));
    private final Map<String, NodeReport> latest = new ConcurrentHashMap<>();
    private Map<String, NodeReport> previous = Map.of();
    private final Map<String, Instant> belowFactorSince = new HashMap<>();
    private ScheduledFuture<?> sampling;
    private Instant leaderSince;

    public Supervisor(ClusterState cluster, ClusterClient client, Leadership leadership, SupervisorSettings settings,
                      Clock clock, java.util.function.Supplier<java.net.http.HttpClient.Builder> peerHttp) {
        this.cluster = cluster;
        this.client = client;
        this.settings = settings;
        this.clock = clock;
        this.reports = new NodeReportClient(settings.samplePeriod().multipliedBy(2), clock, peerHttp.get());
        leadership.onChange(leader -> timer.execute(() -> {
            if (leader) {
                start();
            } else {
                stop();
            }
        }));
    }

    private void start() {
        if (sampling != null) {
            return;
        }
        leaderSince = clock.instant();
        latest.clear();
        previous = Map.of();
        belowFactorSince.clear();
        sampling = timer.scheduleWithFixedDelay(this::sample, 0, settings.samplePeriod().toMillis(), TimeUnit.MILLISECONDS);
        LOG.infof("node=%s event=supervisor-started", cluster.nodeTagOrUnknown());
    }

    private void stop() {
        if (sampling == null) {
            return;
        }
        sampling.cancel(false);
        sampling = null;
        LOG.infof("node=%s event=supervisor-stopped", cluster.nodeTagOrUnknown());
    }

    void sample() {
        try {
            ClusterView view = cluster.view();
            Map<String, NodeReport> before = Map.copyOf(latest);
            collectReports(view);
            previous = before;
            Instant now = clock.instant();
            Map<String, Integer> load = view.instancesPerNode();
            for (DatabaseRecord record : view.records().values()) {
                String key = DatabaseNames.key(record.name());
                if (TopologyDecisions.belowFactor(record)) {
                    belowFactorSince.putIfAbsent(key, now);
                } else {
                    belowFactorSince.remove(key);
                }
                TopologyDecisions.Observed seen = new TopologyDecisions.Observed(view.nodes(), Map.copyOf(latest), previous, load,
                        now, leaderSince, belowFactorSince.get(key));
                Optional<UpdateTopology> decision = TopologyDecisions.decide(record, seen, settings);
                decision.ifPresent(d -> apply(record, d));
            }
        } catch (RuntimeException e) {
            LOG.warnf("node=%s event=supervisor-sample-failed reason=%s", cluster.nodeTagOrUnknown(), e.toString());
        }
    }

    private void collectReports(ClusterView view) {
        List<CompletableFuture<Void>> asked = view.nodes().values().stream()
                .map(node -> CompletableFuture.runAsync(() -> ask(node), askers))
                .toList();
        CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new)).join();
        latest.keySet().retainAll(view.nodes().keySet());
    }

    private void ask(NodeInfo node) {
        reports.fetch(node.tag(), node.url()).ifPresent(report -> latest.put(node.tag(), report));
    }

    private void apply(DatabaseRecord before, UpdateTopology decision) {
        boolean applied;
        try {
            applied = client.updateTopology(decision);
        } catch (RuntimeException e) {
            LOG.warnf("node=%s db=%s event=topology-update-failed reason=%s", cluster.nodeTagOrUnknown(),
                    before.name(), e.toString());
            return;
        }
        if (!applied) {
            return; // decided on a stale record; the next sample decides again
        }
        for (String tag : decision.rehabs()) {
            if (!before.rehabs().contains(tag)) {
                LOG.warnf("node=%s db=%s event=member-demoted target=%s reason=\"%s\"", cluster.nodeTagOrUnknown(),
                        before.name(), tag, decision.reasons().get(tag));
            }
        }
        for (String tag : decision.members()) {
            if (!before.members().contains(tag)) {
                LOG.infof("node=%s db=%s event=instance-promoted target=%s was=%s", cluster.nodeTagOrUnknown(),
                        before.name(), tag, before.rehabs().contains(tag) ? "rehab" : "promotable");
            }
        }
        for (String tag : decision.promotables()) {
            if (!before.hostedOn(tag)) {
                LOG.infof("node=%s db=%s event=instance-added target=%s reason=below-replication-factor",
                        cluster.nodeTagOrUnknown(), before.name(), tag);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        askers.shutdownNow();
    }
}
