package dev.muninn.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.muninn.operator.model.NodeOrdinals.Candidate;

/** Which nodes a cluster keeps, which leave, and what a gap in the ordinals means for roles and plans. */
class NodeOrdinalsTest {
    /** A 3-node cluster that keeps A, C and D (ordinals 0, 2, 3): B and E leave. */
    private static ClusterModel keepingACD() {
        return ClusterModel.from(ClusterModelTest.cluster(3, 0, Map.of())).withOrdinals(new TreeSet<>(Set.of(0, 2, 3)));
    }

    private static dev.muninn.nodeclient.ClusterTopology fiveVotersLedByA() {
        Map<String, String> members = new java.util.LinkedHashMap<>();
        for (String tag : List.of("A", "B", "C", "D", "E")) {
            members.put(tag, "http://" + tag);
        }
        return new dev.muninn.nodeclient.ClusterTopology("t", members, Map.of(), "A", "A", "Leader");
    }

    private static Candidate healthy(int ordinal, int instances) {
        return new Candidate(ordinal, true, true, false, instances);
    }

    @Test
    void aNewClusterTakesTheFirstOrdinals() {
        assertThat(NodeOrdinals.staying(3, Set.of(), List.of())).containsExactly(0, 1, 2);
    }

    @Test
    void aScaleUpFillsTheLowestGapsFirst() {
        assertThat(NodeOrdinals.staying(5, Set.of(0, 2, 3), List.of())).containsExactly(0, 1, 2, 3, 4);
        assertThat(NodeOrdinals.staying(4, Set.of(0, 2, 3), List.of())).containsExactly(0, 1, 2, 3);
    }

    @Test
    void leavingNodesAreNotKeptAndTheirOrdinalsNotReusedWhileTheyLeave() {
        assertThat(NodeOrdinals.staying(3, Set.of(0, 1, 2, 3, 4), List.of(1, 4))).containsExactly(0, 2, 3);
        // 4 is still leaving (its claim is there) while the count goes back up by one: 1 is taken, not 4.
        assertThat(NodeOrdinals.staying(4, Set.of(0, 2, 3, 4), List.of(4))).containsExactly(0, 1, 2, 3);
    }

    @Test
    void theNodeTheClusterCanBestLoseLeavesFirst() {
        List<Candidate> five = List.of(healthy(0, 2), healthy(1, 1), healthy(2, 2), healthy(3, 3), healthy(4, 2));
        assertThat(NodeOrdinals.chooseLeaving(1, five)).as("fewest database instances").containsExactly(1);
        assertThat(NodeOrdinals.chooseLeaving(2, five)).as("then the highest ordinal of equals")
                .containsExactly(1, 4);

        List<Candidate> withUnready = List.of(healthy(0, 0), new Candidate(1, true, false, false, 5), healthy(2, 0));
        assertThat(NodeOrdinals.chooseLeaving(1, withUnready)).as("a node that is not ready serves nothing now")
                .containsExactly(1);

        List<Candidate> outOfCluster = List.of(new Candidate(0, false, true, false, 0),
                new Candidate(1, true, false, false, 0), healthy(2, 0));
        assertThat(NodeOrdinals.chooseLeaving(1, outOfCluster)).as("already out of Raft").containsExactly(0);

        List<Candidate> leaderLeast = List.of(new Candidate(0, true, true, true, 0), healthy(1, 1), healthy(2, 1));
        assertThat(NodeOrdinals.chooseLeaving(1, leaderLeast)).as("the leader last: no election")
                .containsExactly(2);
        assertThat(NodeOrdinals.describeChoice(List.of(2), leaderLeast)).isEqualTo("C (1 database instance)");
    }

    @Test
    void watchersAreTheHighestOrdinalsOfAGappedSet() {
        ClusterModel model = ClusterModel.from(ClusterModelTest.cluster(3, 1, Map.of()))
                .withOrdinals(new TreeSet<>(Set.of(0, 2, 3)));
        assertThat(model.isWatcher(0)).isFalse();
        assertThat(model.isWatcher(2)).isFalse();
        assertThat(model.isWatcher(3)).isTrue();
        assertThat(model.tags()).containsExactly("A", "C", "D");
        assertThat(model.firstOrdinal()).isZero();
    }

    @Test
    void aScaleDownPlanMovesOffTheChosenNodesAndNeverOffTheKeptOnes() {
        ClusterModel kept = keepingACD();
        var topology = fiveVotersLedByA();
        var orders = new dev.muninn.nodeclient.DatabaseTopology("orders", List.of("A", "B", "C"), List.of(),
                List.of(), Map.of(), 3);
        var observed = new ScaleDownPlan.Observed(Set.of(0, 1, 2, 3, 4), topology, List.of(orders),
                Set.of("A", "B", "C", "D", "E"), Map.of("orders", 3));
        assertThat(ScaleDownPlan.needed(kept, observed.presentOrdinals())).isTrue();
        // B (1) and E (4) leave, E first (highest); E holds nothing, so it leaves Raft at once.
        assertThat(ScaleDownPlan.next(kept, observed)).isEqualTo(new ScaleDownPlan.RemoveNode("E"));
        var withoutE = new ScaleDownPlan.Observed(Set.of(0, 1, 2, 3), topology, List.of(orders),
                Set.of("A", "B", "C", "D"), Map.of("orders", 3));
        assertThat(ScaleDownPlan.next(kept, withoutE))
                .as("orders' copy on B moves to D, the kept node without one")
                .isEqualTo(new ScaleDownPlan.AddInstance("orders", "D"));
        assertThat(ScaleDownPlan.needed(kept, Set.of(0, 2, 3))).isFalse();
    }

    @Test
    void anUnreadyLeavingNodeGoesFirstAndDoesNotHoldUpTheOthers() {
        ClusterModel kept = keepingACD();
        var topology = fiveVotersLedByA();
        var bDown = new ScaleDownPlan.Observed(Set.of(0, 1, 2, 3, 4), topology, List.of(),
                Set.of("A", "C", "D", "E"), Map.of());
        assertThat(ScaleDownPlan.next(kept, bDown)).as("B, not ready, leaves before E")
                .isEqualTo(new ScaleDownPlan.RemoveNode("B"));
        var bStillThere = new ScaleDownPlan.Observed(Set.of(0, 1, 2, 3, 4), topology, List.of(),
                Set.of("A", "C", "D", "E"), Map.of());
        ClusterModel keepB = ClusterModel.from(ClusterModelTest.cluster(4, 0, Map.of()))
                .withOrdinals(new TreeSet<>(Set.of(0, 1, 2, 3)));
        assertThat(ScaleDownPlan.next(keepB, bStillThere)).as("a staying voter that is not ready holds it up")
                .isInstanceOf(ScaleDownPlan.Wait.class);
    }
}
