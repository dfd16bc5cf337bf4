package dev.muninn.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.muninn.nodeclient.DatabaseTopology;

class ReplicaReductionTest {
    private static DatabaseTopology db(List<String> members, List<String> promotables, List<String> rehabs) {
        return new DatabaseTopology("orders", members, promotables, rehabs, Map.of(), members.size()
                + promotables.size() + rehabs.size());
    }

    @Test
    void anInstanceOnALeavingNodeGoesFirst() {
        assertThat(ReplicaReduction.choose(db(List.of("A", "D", "B", "C"), List.of(), List.of()), 3)).hasValue("D");
    }

    @Test
    void thenARehabThenTheNewestMember() {
        assertThat(ReplicaReduction.choose(db(List.of("A", "C"), List.of(), List.of("B")), 3)).hasValue("B");
        assertThat(ReplicaReduction.choose(db(List.of("A", "C", "B"), List.of(), List.of()), 3)).hasValue("C");
    }

    @Test
    void nothingWhileACopyCatchesUpAndNeverTheLastMember() {
        assertThat(ReplicaReduction.choose(db(List.of("A", "B"), List.of("C"), List.of()), 3)).isEmpty();
        assertThat(ReplicaReduction.choose(db(List.of("A"), List.of(), List.of()), 3)).isEmpty();
        assertThat(ReplicaReduction.choose(db(List.of("B"), List.of(), List.of("A")), 3)).hasValue("A");
    }
}
