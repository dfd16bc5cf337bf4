package dev.muninn.operator.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.muninn.nodeclient.DatabaseTopology;

/**
 * A rolling update of the node pods after their template changed (image, resources, settings): one pod at a time,
 * only while every node is ready and every database has all its copies caught up, so a replaced node never takes
 * the last up-to-date copy of anything with it, and quorum holds throughout. Followers go first (highest ordinal
 * first), the Raft leader last, so the cluster elects a new leader once rather than at every step. The pod's volume
 * stays; the node comes back with its data and its tag. Pure: the reconcile step observes and acts.
 */
public final class RollingUpdatePlan {

    public sealed interface Step permits UpToDate, Wait, Replace {
    }

    /** Every pod runs the current template. */
    public record UpToDate() implements Step {
    }

    /** Some pods are outdated, but replacing one now would be unsafe: why. */
    public record Wait(String reason, int outdated) implements Step {
    }

    /** Delete this pod; the cluster reconciler creates it again from the current template. */
    public record Replace(int ordinal, int outdated) implements Step {
    }

    private RollingUpdatePlan() {
    }

    /**
     * The ordinals whose pod was made from another template, in the order they are replaced: followers by descending
     * ordinal, then the leader.
     *
     * @param podHashes the template hash on each present pod (null when it has none)
     * @param leaderOrdinal the Raft leader's ordinal; null when unknown
     */
    public static List<Integer> outdated(ClusterModel model, Map<Integer, String> podHashes, Integer leaderOrdinal) {
        List<Integer> outdated = new ArrayList<>();
        podHashes.forEach((ordinal, hash) -> {
            if (model.ordinals().contains(ordinal) && !Objects.equals(hash, NodePod.templateHashOf(NodePod.build(model, ordinal)))) {
                outdated.add(ordinal);
            }
        });
        outdated.sort(Comparator.<Integer, Boolean>comparing(o -> o.equals(leaderOrdinal))
                .thenComparing(Comparator.reverseOrder()));
        return outdated;
    }

    /**
     * The next step.
     *
     * @param notReady pods that are not ready or are terminating, by name
     * @param databases every database's topology
     */
    public static Step next(List<Integer> outdated, Set<String> notReady, List<DatabaseTopology> databases) {
        if (outdated.isEmpty()) {
            return new UpToDate();
        }
        if (!notReady.isEmpty()) {
            return new Wait("waiting for " + String.join(", ", notReady.stream().sorted().toList())
                    + " to be ready", outdated.size());
        }
        for (DatabaseTopology database : databases) {
            if (!database.promotables().isEmpty() || !database.rehabs().isEmpty()) {
                List<String> behind = new ArrayList<>(database.promotables());
                behind.addAll(database.rehabs());
                return new Wait("waiting for database '" + database.name() + "' to catch up on " + behind,
                        outdated.size());
            }
        }
        return new Replace(outdated.get(0), outdated.size());
    }
}
