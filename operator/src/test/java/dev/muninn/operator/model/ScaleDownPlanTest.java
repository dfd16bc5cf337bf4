package dev.muninn.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.muninn.nodeclient.ClusterTopology;
import dev.muninn.nodeclient.DatabaseTopology;
import dev.muninn.operator.model.ScaleDownPlan.AddInstance;
import dev.muninn.operator.model.ScaleDownPlan.DeleteNodeObjects;
import dev.muninn.operator.model.ScaleDownPlan.Observed;
import dev.muninn.operator.model.ScaleDownPlan.Refuse;
import dev.muninn.operator.model.ScaleDownPlan.RemoveInstance;
import dev.muninn.operator.model.ScaleDownPlan.RemoveNode;
import dev.muninn.operator.model.ScaleDownPlan.Wait;

/** Scale-down decisions from observed state only: moves first, then Raft, then objects; refusals and waits. */
class ScaleDownPlanTest {
    private static final ClusterModel THREE = ClusterModel.from(ClusterModelTest.cluster(3, 0, Map.of()));

    private static ClusterTopology cluster(String... voters) {
        Map<String, String> members = new LinkedHashMap<>();
        for (String tag : voters) {
            members.put(tag, "http://" + tag);
        }
        return new ClusterTopology("t", members, Map.of(), voters[0], voters[0], "Leader");
    }

    private static DatabaseTopology db(String name, int factor, List<String> members, List<String> promotables) {
        return new DatabaseTopology(name, members, promotables, List.of(), Map.of(), factor);
    }

    private static Observed observed(List<DatabaseTopology> databases, Map<String, Integer> factors,
                                     String... ready) {
        return new Observed(Set.of(0, 1, 2, 3, 4), cluster("A", "B", "C", "D", "E"), databases, Set.of(ready),
                factors);
    }

    @Test
    void theHighestOrdinalLeavesFirstAndItsInstancesMoveBeforeIt() {
        DatabaseTopology orders = db("orders", 3, List.of("C", "D", "E"), List.of());
        Observed seen = observed(List.of(orders), Map.of("orders", 3), "A", "B", "C", "D", "E");
        assertThat(ScaleDownPlan.needed(THREE, seen.presentOrdinals())).isTrue();
        // E (ordinal 4) leaves first; orders has one copy on the remaining nodes A, B, C: add on the least loaded.
        assertThat(ScaleDownPlan.next(THREE, seen)).isEqualTo(new AddInstance("orders", "A"));
    }

    @Test
    void theLeavingInstanceIsDeletedOnlyOnceTheNewOneCaughtUp() {
        Map<String, Integer> factors = Map.of("orders", 3);
        DatabaseTopology catchingUp = db("orders", 5, List.of("C", "D", "E"), List.of("A", "B"));
        assertThat(ScaleDownPlan.next(THREE, observed(List.of(catchingUp), factors, "A", "B", "C", "D", "E")))
                .isInstanceOf(Wait.class);
        DatabaseTopology caughtUp = db("orders", 5, List.of("A", "B", "C", "D", "E"), List.of());
        assertThat(ScaleDownPlan.next(THREE, observed(List.of(caughtUp), factors, "A", "B", "C", "D", "E")))
                .isEqualTo(new RemoveInstance("orders", "E"));
    }

    @Test
    void aNodeWithoutInstancesLeavesRaftAndThenItsPodGoes() {
        DatabaseTopology orders = db("orders", 3, List.of("A", "B", "C"), List.of());
        Observed seen = observed(List.of(orders), Map.of("orders", 3), "A", "B", "C", "D", "E");
        assertThat(ScaleDownPlan.next(THREE, seen)).isEqualTo(new RemoveNode("E"));
        Observed afterRaft = new Observed(Set.of(0, 1, 2, 3, 4), cluster("A", "B", "C", "D"), List.of(orders),
                Set.of("A", "B", "C", "D"), Map.of());
        assertThat(ScaleDownPlan.next(THREE, afterRaft)).isEqualTo(new DeleteNodeObjects(4));
        Observed podGone = new Observed(Set.of(0, 1, 2, 3), cluster("A", "B", "C", "D"), List.of(orders),
                Set.of("A", "B", "C", "D"), Map.of());
        assertThat(ScaleDownPlan.next(THREE, podGone)).isEqualTo(new RemoveNode("D"));
        assertThat(ScaleDownPlan.needed(THREE, Set.of(0, 1, 2))).isFalse();
    }

    @Test
    void aFactorTheRemainingNodesCannotHoldIsRefusedBeforeAnythingMoves() {
        DatabaseTopology wide = db("wide", 4, List.of("A", "B", "C", "E"), List.of());
        DatabaseTopology small = db("small", 1, List.of("E"), List.of());
        Observed seen = observed(List.of(small, wide), Map.of(), "A", "B", "C", "D", "E");
        assertThat(ScaleDownPlan.next(THREE, seen)).isInstanceOfSatisfying(Refuse.class, refuse ->
                assertThat(refuse.reason()).contains("'wide'").contains("4 copies").contains("3 nodes"));
    }

    @Test
    void quorumIsKeptWhileAVoterLeaves() {
        DatabaseTopology none = db("orders", 1, List.of("A"), List.of());
        // B and C are down: after E leaves, 2 of 4 voters would be ready — not a majority.
        Observed seen = observed(List.of(none), Map.of(), "A", "D", "E");
        assertThat(ScaleDownPlan.next(THREE, seen)).isInstanceOfSatisfying(Wait.class, wait ->
                assertThat(wait.reason()).contains("majority"));
    }

    @Test
    void noInstanceGoesToANodeThatIsNotReady() {
        DatabaseTopology orders = db("orders", 1, List.of("E"), List.of());
        Observed seen = observed(List.of(orders), Map.of(), "E");
        assertThat(ScaleDownPlan.next(THREE, seen)).isInstanceOf(Wait.class);
        Observed oneReady = observed(List.of(orders), Map.of(), "C", "D", "E");
        assertThat(ScaleDownPlan.next(THREE, oneReady)).isEqualTo(new AddInstance("orders", "C"));
    }
}
