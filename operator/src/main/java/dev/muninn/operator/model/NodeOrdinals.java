package dev.muninn.operator.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which node ordinals make up a cluster, and which leave when it shrinks. Pods are managed directly (ADR 0016) so
 * that a scale-down can remove the node the cluster can best lose, not the highest ordinal: ordinals may have gaps,
 * and a scale-up fills the lowest gap first. Pure: the reconciler observes what is known and records the choice.
 */
public final class NodeOrdinals {
    /** What the operator knows of one node that could leave. */
    public record Candidate(int ordinal, boolean inCluster, boolean ready, boolean leader, int instances) {
    }

    private NodeOrdinals() {
    }

    /**
     * The ordinals the cluster keeps: the known ones (a pod, a live claim, or a node at the last reconcile) minus
     * those leaving, then the lowest unused ordinals until there are {@code nodes}.
     */
    public static SortedSet<Integer> staying(int nodes, Collection<Integer> known, Collection<Integer> leaving) {
        SortedSet<Integer> staying = new TreeSet<>(known);
        staying.removeAll(leaving);
        for (int ordinal = 0; staying.size() < nodes; ordinal++) {
            if (!known.contains(ordinal) && !leaving.contains(ordinal)) {
                staying.add(ordinal);
            }
        }
        return staying;
    }

    /**
     * The {@code count} nodes the cluster can best lose, best first: one no longer in the Raft cluster, then one
     * that is not ready (it serves nothing now), then not the leader (no election), then the one holding the fewest
     * database instances (the least data to move), and of equals the highest ordinal (names stay compact).
     */
    public static List<Integer> chooseLeaving(int count, Collection<Candidate> candidates) {
        List<Candidate> ranked = new ArrayList<>(candidates);
        ranked.sort(Comparator.comparing(Candidate::inCluster)
                .thenComparing(Candidate::ready)
                .thenComparing(Candidate::leader)
                .thenComparingInt(Candidate::instances)
                .thenComparing(Comparator.comparingInt(Candidate::ordinal).reversed()));
        return ranked.stream().limit(count).map(Candidate::ordinal).sorted().toList();
    }

    /** Why these leave, for the event that announces the choice. */
    public static String describeChoice(List<Integer> leaving, Collection<Candidate> candidates) {
        List<String> reasons = new ArrayList<>();
        for (int ordinal : leaving) {
            Candidate candidate = candidates.stream().filter(c -> c.ordinal() == ordinal).findFirst().orElse(null);
            String tag = NodeTags.ofOrdinal(ordinal);
            if (candidate == null) {
                reasons.add(tag);
            } else if (!candidate.inCluster()) {
                reasons.add(tag + " (not in the cluster)");
            } else if (!candidate.ready()) {
                reasons.add(tag + " (not ready)");
            } else {
                reasons.add(tag + " (" + candidate.instances() + " database instance"
                        + (candidate.instances() == 1 ? "" : "s") + (candidate.leader() ? ", the leader" : "") + ")");
            }
        }
        return String.join(", ", reasons);
    }
}
