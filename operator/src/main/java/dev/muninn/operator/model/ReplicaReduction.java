package dev.muninn.operator.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import dev.muninn.nodeclient.DatabaseTopology;

/**
 * Which instance a database gives up when its replication factor is lowered. Pure. Never one still catching up (a
 * lowering waits until no promotable is being fed, so a scale-down's new copy is not the one dropped), never the last
 * member; first an instance on a node that is leaving the cluster, then a rehab (it is behind anyway), then the member
 * on the highest tag (the newest node).
 */
public final class ReplicaReduction {
    private ReplicaReduction() {
    }

    /** The node to remove an instance from, or empty when nothing may be removed now. */
    public static Optional<String> choose(DatabaseTopology database, int clusterNodes) {
        if (!database.promotables().isEmpty()) {
            return Optional.empty();
        }
        List<String> candidates = new ArrayList<>(database.rehabs());
        candidates.addAll(database.members());
        Comparator<String> leavingFirst = Comparator.comparing((String tag) -> NodeTags.ordinalOf(tag) < clusterNodes);
        Comparator<String> rehabsNext = Comparator.comparing((String tag) -> !database.rehabs().contains(tag));
        Comparator<String> newestNext = Comparator.comparingInt((String tag) -> NodeTags.ordinalOf(tag)).reversed();
        Optional<String> chosen = candidates.stream().min(leavingFirst.thenComparing(rehabsNext)
                .thenComparing(newestNext));
        boolean lastMember = chosen.isPresent() && database.members().size() == 1
                && database.members().contains(chosen.get());
        return lastMember ? Optional.empty() : chosen;
    }
}
