package dev.muninn.operator.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.muninn.nodeclient.ClusterTopology;
import dev.muninn.nodeclient.DatabaseTopology;

/**
 * The next step of a scale-down, as a pure function of what the operator observed: which ordinals are still known
 * (a pod, a claim, a node chosen to leave), the cluster's Raft view, every database's topology and which nodes are
 * ready. The nodes leaving are the known ones outside {@link ClusterModel#ordinals()} (chosen by
 * {@link NodeOrdinals#chooseLeaving}); they leave one at a time, one already out of Raft first, each in this order:
 * <ol>
 * <li>every database instance on it moves to a remaining node: a new instance is added there and caught up by the
 * supervisor before the leaving one is deleted, so the factor never drops below what the database asked for;</li>
 * <li>it leaves Raft while every remaining voter is ready (the new configuration has its majority);</li>
 * <li>only then its pod and its claim go.</li>
 * </ol>
 * A change that would lose data or quorum is refused, with the reason, and nothing is done.
 */
public final class ScaleDownPlan {
    /** What to do next. */
    public sealed interface Step {
    }

    /** Add an instance of {@code database} on {@code tag}: the supervisor feeds it until it is caught up. */
    public record AddInstance(String database, String tag) implements Step {
    }

    /** Delete the instance of {@code database} on the leaving node {@code tag}. */
    public record RemoveInstance(String database, String tag) implements Step {
    }

    /** Take {@code tag} out of the Raft cluster. */
    public record RemoveNode(String tag) implements Step {
    }

    /** Delete the pod and claim of {@code ordinal}: it is no longer in the cluster. */
    public record DeleteNodeObjects(int ordinal) implements Step {
    }

    /** Nothing can be done safely yet; try again shortly. */
    public record Wait(String reason) implements Step {
    }

    /** The change would lose data or quorum: it is not made. */
    public record Refuse(String reason) implements Step {
    }

    /**
     * The observed state, read by the reconcile step. {@code factors} is how many copies each database keeps: taken
     * when the scale-down began (or from its MuninnDatabase), since adding an instance raises the record's factor
     * until the leaving one is deleted.
     */
    public record Observed(Set<Integer> presentOrdinals, ClusterTopology topology, List<DatabaseTopology> databases,
                           Set<String> readyTags, Map<String, Integer> factors) {
    }

    private ScaleDownPlan() {
    }

    /** True when some known node is not one of the cluster's ordinals: it is leaving. */
    public static boolean needed(ClusterModel model, Set<Integer> presentOrdinals) {
        return presentOrdinals.stream().anyMatch(ordinal -> !model.ordinals().contains(ordinal));
    }

    public static Step next(ClusterModel model, Observed observed) {
        List<Integer> allLeaving = observed.presentOrdinals().stream().filter(o -> !model.ordinals().contains(o))
                .toList();
        int leaving = allLeaving.stream()
                .max(Comparator.comparing((Integer o) -> !observed.topology().contains(NodeTags.ofOrdinal(o)))
                        .thenComparing(o -> !observed.readyTags().contains(NodeTags.ofOrdinal(o)))
                        .thenComparing(Comparator.naturalOrder()))
                .orElseThrow(() -> new IllegalStateException("no node is leaving"));
        List<String> alsoLeaving = allLeaving.stream().filter(o -> o != leaving).map(NodeTags::ofOrdinal).toList();
        String tag = NodeTags.ofOrdinal(leaving);
        if (!observed.topology().contains(tag)) {
            return new DeleteNodeObjects(leaving);
        }
        List<String> remaining = model.tags();
        // Refuse before moving anything: a half-made change that must then be undone helps nobody.
        for (DatabaseTopology database : observed.databases()) {
            int wanted = observed.factors().getOrDefault(database.name(), database.replicationFactor());
            if (hosts(database, tag) && wanted > remaining.size()) {
                return new Refuse("Database '" + database.name() + "' keeps " + wanted + " copies and only "
                        + remaining.size() + " nodes would remain: lower its replication factor first");
            }
        }
        for (DatabaseTopology database : observed.databases()) {
            Step step = moveOff(database, tag, remaining, observed);
            if (step != null) {
                return step;
            }
        }
        boolean voter = observed.topology().members().containsKey(tag);
        if (voter) {
            List<String> remainingVoters = observed.topology().members().keySet().stream()
                    .filter(t -> !t.equals(tag)).toList();
            if (remainingVoters.isEmpty()) {
                return new Refuse("Cannot remove " + tag + ": it is the last voting member");
            }
            List<String> unready = remainingVoters.stream().filter(t -> !observed.readyTags().contains(t)).toList();
            int quorum = remainingVoters.size() / 2 + 1;
            if (remainingVoters.size() - unready.size() < quorum) {
                return new Wait("Removing " + tag + " would leave " + (remainingVoters.size() - unready.size())
                        + " ready voters of " + remainingVoters.size() + " (" + String.join(", ", unready)
                        + " not ready): waiting for a majority");
            }
            // A voter that stays must be ready (a margin beyond the bare majority); one that leaves next need not.
            List<String> unreadyStaying = unready.stream().filter(t -> !alsoLeaving.contains(t)).toList();
            if (!unreadyStaying.isEmpty()) {
                return new Wait("Waiting for " + String.join(", ", unreadyStaying) + " to be ready before removing "
                        + tag);
            }
        }
        return new RemoveNode(tag);
    }

    /** The step that moves {@code database}'s instance off {@code tag}, or null when it has none there. */
    private static Step moveOff(DatabaseTopology database, String tag, List<String> remaining, Observed observed) {
        if (!hosts(database, tag)) {
            return null;
        }
        int wanted = observed.factors().getOrDefault(database.name(), database.replicationFactor());
        Set<String> elsewhere = new TreeSet<>();
        for (List<String> instances : List.of(database.members(), database.promotables(), database.rehabs())) {
            instances.stream().filter(remaining::contains).forEach(elsewhere::add);
        }
        List<String> caughtUp = database.members().stream().filter(remaining::contains).toList();
        if (elsewhere.size() < wanted) {
            String target = remaining.stream().filter(t -> !elsewhere.contains(t))
                    .filter(observed.readyTags()::contains)
                    .min(Comparator.comparingLong((String t) -> load(t, observed.databases()))
                            .thenComparing(Comparator.naturalOrder()))
                    .orElse(null);
            if (target == null) {
                return new Wait("No ready node can take the instance of '" + database.name() + "' on " + tag);
            }
            return new AddInstance(database.name(), target);
        }
        if (caughtUp.size() < wanted) {
            List<String> catchingUp = database.promotables().stream().filter(remaining::contains).toList();
            return new Wait("Waiting for '" + database.name() + "' on " + String.join(", ", catchingUp)
                    + " to catch up before removing it from " + tag);
        }
        return new RemoveInstance(database.name(), tag);
    }

    private static boolean hosts(DatabaseTopology database, String tag) {
        return database.members().contains(tag) || database.promotables().contains(tag)
                || database.rehabs().contains(tag);
    }

    /** How many database instances a node holds: new ones go to the least loaded. */
    private static long load(String tag, List<DatabaseTopology> databases) {
        return databases.stream().filter(d -> hosts(d, tag)).count();
    }

    /** A step as one line, for events and status. */
    public static String describe(Step step) {
        if (step instanceof AddInstance add) {
            return "Adding an instance of '" + add.database() + "' on " + add.tag();
        }
        if (step instanceof RemoveInstance remove) {
            return "Removing the instance of '" + remove.database() + "' from " + remove.tag();
        }
        if (step instanceof RemoveNode remove) {
            return "Removing node " + remove.tag() + " from the cluster";
        }
        if (step instanceof DeleteNodeObjects delete) {
            return "Deleting the pod and claim of ordinal " + delete.ordinal();
        }
        if (step instanceof Wait wait) {
            return wait.reason();
        }
        return ((Refuse) step).reason();
    }
}
