package dev.muninn.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

/** One condition per type; its transition time moves only when its status does. */
class ConditionsTest {
    @Test
    void theTransitionTimeMovesOnlyWithTheStatus() {
        List<Condition> first = Conditions.set(List.of(), "Ready", false, "NodesNotReady", "0 of 3", 1);
        Condition old = new ConditionBuilder(first.get(0)).withLastTransitionTime("2026-01-01T00:00:00Z").build();
        List<Condition> same = Conditions.set(List.of(old), "Ready", false, "NodesNotReady", "2 of 3", 2);
        assertThat(same).singleElement().satisfies(c -> {
            assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
            assertThat(c.getMessage()).isEqualTo("2 of 3");
            assertThat(c.getObservedGeneration()).isEqualTo(2L);
        });
        List<Condition> flipped = Conditions.set(List.of(old), "Ready", true, "AllNodesReady", "3 of 3", 2);
        assertThat(flipped.get(0).getLastTransitionTime()).isNotEqualTo("2026-01-01T00:00:00Z");
        assertThat(flipped.get(0).getStatus()).isEqualTo("True");
        List<Condition> both = Conditions.set(flipped, "Progressing", false, "Reconciled", "done", 2);
        assertThat(both).extracting(Condition::getType).containsExactly("Progressing", "Ready");
    }
}
