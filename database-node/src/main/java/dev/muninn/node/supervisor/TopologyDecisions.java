package dev.muninn.node.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.muninn.node.cluster.DatabaseRecord;
import dev.muninn.node.cluster.NodeInfo;
import dev.muninn.node.cluster.commands.AddDatabaseNode;
import dev.muninn.node.cluster.commands.UpdateTopology;

/**
 * What the supervisor decides for one database, as a pure function of what it observed (RavenDB's
 * ClusterObserver): tests drive it without Raft or processes.
 * <ul>
 * <li>A member whose node has not answered for {@code moveToRehabAfter} becomes a rehab, unless it is the last
 * member: clients stop being offered it.</li>
 * <li>A member whose node answers but says its instance cannot serve (it failed to load, its storage fails to
 * commit) becomes a rehab at once, with that reason, unless it is the last healthy member: waiting would only send
 * clients to an instance that fails them.</li>
 * <li>A promotable or rehab whose node answers, with the database open, and that every answering member has
 * replicated to all the writes it had at the previous sample, is promoted to member (at the end of the preferred
 * order). The previous sample, not the current one: under a steady stream of writes the last etag always runs a
 * batch ahead of what was acknowledged, and an instance that keeps within one sample period is caught up.</li>
 * <li>A database with fewer members and promotables than its replication factor for {@code addReplicaAfter} gets
 * a promotable on the answering node with the fewest databases (dynamic distribution; dead nodes are never
 * chosen).</li>
 * </ul>
 */
public final class TopologyDecisions {
    public static final String NOT_RESPONDING = "NotResponding";
    public static final String NOT_CAUGHT_UP = "ChangeVectorNotMerged";

    private TopologyDecisions() {
    }

    /** What the supervisor knows when it decides. */
    public record Observed(Map<String, NodeInfo> nodes, Map<String, NodeReport> reports,
                           Map<String, NodeReport> previousReports, Map<String, Integer> load,
                           Instant now, Instant leaderSince, Instant belowFactorSince) {
    }

    public static Optional<UpdateTopology> decide(DatabaseRecord record, Observed seen, SupervisorSettings settings) {
        List<String> members = new ArrayList<>(record.members());
        List<String> promotables = new ArrayList<>(record.promotables());
        List<String> rehabs = new ArrayList<>(record.rehabs());
        Map<String, String> reasons = new HashMap<>(record.reasons());
        boolean stable = !seen.now().isBefore(seen.leaderSince().plus(settings.stabilization()));

        // Demote members that stopped answering; keep the one seen last if all did.
        if (stable) {
            List<String> silent = members.stream().filter(tag -> silentFor(tag, seen, settings.moveToRehabAfter())).toList();
            List<String> keep = new ArrayList<>(members);
            keep.removeAll(silent);
            List<String> demote = new ArrayList<>(silent);
            if (keep.isEmpty() && !silent.isEmpty()) {
                String lastSeen = silent.stream().max(Comparator.comparing(tag -> lastSeen(tag, seen))).orElseThrow();
                demote.remove(lastSeen);
            }
            for (String tag : demote) {
                members.remove(tag);
                rehabs.add(tag);
                reasons.put(tag, "Node " + tag + " has not answered the supervisor since "
                        + lastSeen(tag, seen) + " (more than " + settings.moveToRehabAfter().toSeconds() + " s)");
            }
            Duration freshness = fresh(settings);
            List<String> failing = members.stream().filter(tag -> answering(tag, seen, freshness))
                    .filter(tag -> error(tag, record.name(), seen) != null).toList();
            if (!failing.isEmpty() && failing.size() < members.size()) {
                for (String tag : failing) {
                    members.remove(tag);
                    rehabs.add(tag);
                    reasons.put(tag, error(tag, record.name(), seen));
                }
            }
        }

        // Promote instances that caught up with every answering member.
        Duration freshness = fresh(settings);
        List<String> answeringMembers = members.stream().filter(tag -> answering(tag, seen, freshness)).toList();
        for (String tag : concat(promotables, rehabs)) {
            boolean wasRehab = rehabs.contains(tag);
            String error = answering(tag, seen, freshness) ? error(tag, record.name(), seen) : null;
            if (error != null) {
                reasons.put(tag, error); // the instance says why it cannot serve: that is the reason to show
                continue;
            }
            if (!answering(tag, seen, freshness) || !open(tag, record.name(), seen)) {
                if (!wasRehab) {
                    reasons.put(tag, NOT_RESPONDING);
                }
                continue;
            }
            if (answeringMembers.isEmpty() || !caughtUp(tag, record.name(), answeringMembers, seen)) {
                if (!wasRehab) {
                    reasons.put(tag, NOT_CAUGHT_UP);
                }
                continue;
            }
            promotables.remove(tag);
            rehabs.remove(tag);
            reasons.remove(tag);
            members.add(tag);
        }

        // Dynamic distribution: below the replication factor for too long, a new instance on a live node.
        boolean dynamic = record.settings().path("Topology").path("DynamicNodesDistribution").asBoolean(true);
        if (dynamic && stable && members.size() + promotables.size() < record.replicationFactor()
                && seen.belowFactorSince() != null
                && !seen.now().isBefore(seen.belowFactorSince().plus(settings.addReplicaAfter()))) {
            seen.nodes().values().stream()
                    .filter(n -> !n.watcher() && !record.hostedOn(n.tag()) && answering(n.tag(), seen, freshness))
                    .min(Comparator.<NodeInfo>comparingInt(n -> seen.load().getOrDefault(n.tag(), 0))
                            .thenComparing(NodeInfo::tag))
                    .ifPresent(n -> {
                        promotables.add(n.tag());
                        reasons.put(n.tag(), AddDatabaseNode.WAITING);
                    });
        }

        if (members.equals(record.members()) && promotables.equals(record.promotables())
                && rehabs.equals(record.rehabs()) && reasons.equals(record.reasons())) {
            return Optional.empty();
        }
        return Optional.of(new UpdateTopology(record.name(), record.etag(), members, promotables, rehabs, reasons));
    }

    /** Whether the record has fewer members and promotables than its replication factor asks for. */
    public static boolean belowFactor(DatabaseRecord record) {
        return record.members().size() + record.promotables().size() < record.replicationFactor();
    }

    /** Every answering member had {@code target} acknowledge everything it held at the previous sample. */
    static boolean caughtUp(String target, String database, List<String> answeringMembers, Observed seen) {
        for (String member : answeringMembers) {
            DatabaseReport report = seen.reports().get(member).databases().get(database);
            if (report == null || !report.open()) {
                return false;
            }
            long held = report.lastEtag();
            NodeReport previous = seen.previousReports().get(member);
            DatabaseReport before = previous == null ? null : previous.databases().get(database);
            if (before != null && before.open()) {
                held = Math.min(held, before.lastEtag());
            }
            Long acknowledged = report.acknowledged().get(target);
            if (acknowledged == null || acknowledged < held) {
                return false;
            }
        }
        return true;
    }

    /** The error the node reports for its instance, or null when it reports none. */
    private static String error(String tag, String database, Observed seen) {
        NodeReport report = seen.reports().get(tag);
        DatabaseReport db = report == null ? null : report.databases().get(database);
        return db == null ? null : db.error();
    }

    private static boolean open(String tag, String database, Observed seen) {
        DatabaseReport report = seen.reports().get(tag).databases().get(database);
        return report != null && report.open();
    }

    private static boolean silentFor(String tag, Observed seen, Duration limit) {
        return Duration.between(lastSeen(tag, seen), seen.now()).compareTo(limit) > 0;
    }

    /** When the node last answered; a node not heard from since this leader started counts from then. */
    private static Instant lastSeen(String tag, Observed seen) {
        NodeReport report = seen.reports().get(tag);
        Instant since = seen.leaderSince();
        return report == null || report.receivedAt().isBefore(since) ? since : report.receivedAt();
    }

    private static boolean answering(String tag, Observed seen, Duration freshness) {
        NodeReport report = seen.reports().get(tag);
        return report != null && !report.receivedAt().isBefore(seen.now().minus(freshness));
    }

    /** A report this recent counts as the node answering now: a few samples, at least two seconds. */
    static Duration fresh(SupervisorSettings settings) {
        Duration fewSamples = settings.samplePeriod().multipliedBy(4);
        return fewSamples.compareTo(Duration.ofSeconds(2)) > 0 ? fewSamples : Duration.ofSeconds(2);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
