package dev.muninn.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.muninn.nodeclient.DatabaseTopology;
import dev.muninn.operator.model.RollingUpdatePlan.Replace;
import dev.muninn.operator.model.RollingUpdatePlan.UpToDate;
import dev.muninn.operator.model.RollingUpdatePlan.Wait;

/** Which pods a template change replaces, in which order, and when it is safe to replace the next one. */
class RollingUpdatePlanTest {
    private static final ClusterModel BEFORE = ClusterModel.from(ClusterModelTest.cluster(3, 0,
            Map.of("Cluster.TimeBeforeMovingToRehabInSec", "10")));
    private static final ClusterModel AFTER = ClusterModel.from(ClusterModelTest.cluster(3, 0,
            Map.of("Cluster.TimeBeforeMovingToRehabInSec", "20")));

    private static Map<Integer, String> hashesOf(ClusterModel model, int... ordinals) {
        Map<Integer, String> hashes = new HashMap<>();
        for (int ordinal : ordinals) {
            hashes.put(ordinal, NodePod.templateHashOf(NodePod.build(model, ordinal)));
        }
        return hashes;
    }

    private static DatabaseTopology db(String name, List<String> members, List<String> promotables,
                                       List<String> rehabs) {
        return new DatabaseTopology(name, members, promotables, rehabs, Map.of(), 3);
    }

    @Test
    void podsMadeFromTheCurrentSpecAreUpToDate() {
        assertThat(RollingUpdatePlan.outdated(BEFORE, hashesOf(BEFORE, 0, 1, 2), 0)).isEmpty();
        assertThat(RollingUpdatePlan.next(List.of(), Set.of("raven-1"), List.of())).isEqualTo(new UpToDate());
        // The hash is stable: building the same pod again gives the same one.
        assertThat(hashesOf(BEFORE, 0, 1, 2)).isEqualTo(hashesOf(BEFORE, 0, 1, 2));
    }

    @Test
    void aChangedSettingOutdatesEveryPodFollowersFirstAndTheLeaderLast() {
        Map<Integer, String> running = hashesOf(BEFORE, 0, 1, 2);
        assertThat(RollingUpdatePlan.outdated(AFTER, running, 1)).containsExactly(2, 0, 1);
        assertThat(RollingUpdatePlan.outdated(AFTER, running, null)).containsExactly(2, 1, 0);
        // Partway through: raven-2 already replaced.
        running.putAll(hashesOf(AFTER, 2));
        assertThat(RollingUpdatePlan.outdated(AFTER, running, 1)).containsExactly(0, 1);
        // A pod without the annotation (made by an older operator) is outdated too.
        running.put(2, null);
        assertThat(RollingUpdatePlan.outdated(AFTER, running, 1)).containsExactly(2, 0, 1);
    }

    @Test
    void aNewImageOutdatesEveryPod() {
        var cluster = ClusterModelTest.cluster(3, 0, Map.of("Cluster.TimeBeforeMovingToRehabInSec", "10"));
        cluster.getSpec().setImage("muninn/database-node:2");
        assertThat(RollingUpdatePlan.outdated(ClusterModel.from(cluster), hashesOf(BEFORE, 0, 1, 2), null))
                .hasSize(3);
    }

    @Test
    void aWatcherCountChangeRestartsNoPod() {
        ClusterModel oneWatcher = ClusterModel.from(ClusterModelTest.cluster(3, 1,
                Map.of("Cluster.TimeBeforeMovingToRehabInSec", "10")));
        assertThat(RollingUpdatePlan.outdated(oneWatcher, hashesOf(BEFORE, 0, 1, 2), 0)).isEmpty();
    }

    @Test
    void replacesOnlyWhileEveryNodeIsReadyAndEveryCopyCaughtUp() {
        List<Integer> outdated = List.of(2, 0, 1);
        DatabaseTopology settled = db("orders", List.of("A", "B", "C"), List.of(), List.of());
        assertThat(RollingUpdatePlan.next(outdated, Set.of("raven-2"), List.of(settled)))
                .isEqualTo(new Wait("waiting for raven-2 to be ready", 3));
        assertThat(RollingUpdatePlan.next(outdated, Set.of(), List.of(settled, db("events", List.of("A", "B"),
                List.of("C"), List.of())))).isEqualTo(new Wait("waiting for database 'events' to catch up on [C]", 3));
        assertThat(RollingUpdatePlan.next(outdated, Set.of(), List.of(db("orders", List.of("A", "B"), List.of(),
                List.of("C"))))).isInstanceOf(Wait.class);
        assertThat(RollingUpdatePlan.next(outdated, Set.of(), List.of(settled))).isEqualTo(new Replace(2, 3));
    }
}
