package dev.muninn.kubelet;

import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PodConditionsTest {
    private static final PodCondition SCHEDULED = new PodConditionBuilder().withType("PodScheduled")
            .withStatus("True").withLastTransitionTime("2020-01-01T00:00:00Z").build();

    private static PodCondition get(List<PodCondition> conditions, String type) {
        List<PodCondition> matching = conditions.stream().filter(c -> c.getType().equals(type)).toList();
        assertThat(matching).as(type).hasSize(1);
        return matching.get(0);
    }

    @Test
    void notReadyWithTheUnreadyContainersNamed() {
        List<PodCondition> conditions = new PodConditions()
                .compute(List.of(SCHEDULED), true, true, List.of("app", "sidecar"), true, false);
        assertThat(conditions).extracting(PodCondition::getType)
                .containsExactly("PodScheduled", "PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready");
        assertThat(get(conditions, "PodReadyToStartContainers").getStatus()).isEqualTo("True");
        assertThat(get(conditions, "Initialized").getStatus()).isEqualTo("True");
        assertThat(get(conditions, "Initialized").getReason()).isNull();
        for (String type : List.of("ContainersReady", "Ready")) {
            PodCondition c = get(conditions, type);
            assertThat(c.getStatus()).as(type).isEqualTo("False");
            assertThat(c.getReason()).as(type).isEqualTo("ContainersNotReady");
            assertThat(c.getMessage()).as(type).isEqualTo("containers with unready status: [app sidecar]");
        }
    }

    @Test
    void readyWhenAllContainersAreReady() {
        List<PodCondition> conditions = new PodConditions()
                .compute(List.of(SCHEDULED), true, true, List.of(), true, false);
        for (String type : List.of("PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready")) {
            PodCondition c = get(conditions, type);
            assertThat(c.getStatus()).as(type).isEqualTo("True");
            assertThat(c.getReason()).as(type).isNull();
            assertThat(c.getMessage()).as(type).isNull();
            assertThat(c.getLastTransitionTime()).as(type).isNotNull();
        }
    }

    @Test
    void conditionsOwnedByOthersAreKeptAndOwnedOnesReplaced() {
        PodCondition gate = new PodConditionBuilder().withType("example.com/gate").withStatus("False").build();
        PodCondition staleReady = new PodConditionBuilder().withType("Ready").withStatus("True")
                .withLastTransitionTime("2020-01-01T00:00:00Z").build();
        PodCondition staleInit = new PodConditionBuilder().withType("Initialized").withStatus("False").build();
        List<PodCondition> conditions = new PodConditions()
                .compute(List.of(SCHEDULED, staleReady, gate, staleInit), true, true, List.of("app"), false, false);
        assertThat(conditions).hasSize(6);
        assertThat(conditions.get(0)).isSameAs(SCHEDULED);
        assertThat(conditions.get(1)).isSameAs(gate);
        assertThat(get(conditions, "PodScheduled").getLastTransitionTime()).isEqualTo("2020-01-01T00:00:00Z");
        assertThat(get(conditions, "Ready").getStatus()).isEqualTo("False");
        assertThat(get(conditions, "Ready").getLastTransitionTime()).isNotEqualTo("2020-01-01T00:00:00Z");
        assertThat(get(conditions, "Initialized").getStatus()).isEqualTo("True");
    }

    @Test
    void nullExistingConditions() {
        List<PodCondition> conditions = new PodConditions().compute(null, false, false, List.of("init"), true, false);
        assertThat(conditions).extracting(PodCondition::getType)
                .containsExactly("PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready");
        assertThat(get(conditions, "PodReadyToStartContainers").getStatus()).isEqualTo("False");
        assertThat(get(conditions, "Initialized").getStatus()).isEqualTo("False");
        assertThat(get(conditions, "Initialized").getReason()).isEqualTo("ContainersNotInitialized");
        assertThat(get(conditions, "Initialized").getMessage()).isEqualTo("containers with incomplete status");
        assertThat(get(conditions, "ContainersReady").getStatus()).isEqualTo("False");
        assertThat(get(conditions, "Ready").getStatus()).isEqualTo("False");
    }

    @Test
    void notInitializedMeansNotReadyEvenWithoutUnreadyContainers() {
        List<PodCondition> conditions = new PodConditions().compute(null, true, false, List.of(), true, false);
        assertThat(get(conditions, "ContainersReady").getStatus()).isEqualTo("False");
        assertThat(get(conditions, "Ready").getStatus()).isEqualTo("False");
    }

    @Test
    void readinessGatesHoldReady() {
        List<PodCondition> conditions = new PodConditions().compute(null, true, true, List.of(), false, false);
        assertThat(get(conditions, "ContainersReady").getStatus()).isEqualTo("True");
        PodCondition ready = get(conditions, "Ready");
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("ReadinessGatesNotReady");
        assertThat(ready.getMessage()).isEqualTo("the pod's readiness gates are not all True");
    }

    @Test
    void terminalPodsAreCompleted() {
        List<PodCondition> conditions = new PodConditions().compute(null, true, true, List.of("app"), true, true);
        assertThat(get(conditions, "PodReadyToStartContainers").getStatus()).isEqualTo("False");
        assertThat(get(conditions, "ContainersReady").getReason()).isEqualTo("PodCompleted");
        assertThat(get(conditions, "Ready").getReason()).isEqualTo("PodCompleted");
        assertThat(get(conditions, "Ready").getMessage()).isEqualTo("containers with unready status: [app]");
    }

    @Test
    void transitionTimeChangesOnlyWithTheStatus() throws InterruptedException {
        PodConditions pod = new PodConditions();
        List<PodCondition> first = pod.compute(List.of(SCHEDULED), true, true, List.of("app"), true, false);
        String since = get(first, "Ready").getLastTransitionTime();
        assertThat(Instant.parse(since)).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(5, ChronoUnit.SECONDS));

        // Let the clock pass into the next second, so that a fresh timestamp would differ.
        Instant firstSecond = Instant.parse(since);
        while (!Instant.now().truncatedTo(ChronoUnit.SECONDS).isAfter(firstSecond)) {
            Thread.sleep(20);
        }

        // Same statuses (even with another unready container): times unchanged.
        List<PodCondition> second = pod.compute(List.of(SCHEDULED), true, true, List.of("sidecar"), true, false);
        for (String type : List.of("PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready")) {
            assertThat(get(second, type).getLastTransitionTime()).as(type)
                    .isEqualTo(get(first, type).getLastTransitionTime());
        }
        assertThat(get(second, "Ready").getMessage()).isEqualTo("containers with unready status: [sidecar]");

        // Ready flips: its time (and ContainersReady's) moves, the others stay.
        List<PodCondition> third = pod.compute(List.of(SCHEDULED), true, true, List.of(), true, false);
        assertThat(get(third, "Ready").getStatus()).isEqualTo("True");
        assertThat(Instant.parse(get(third, "Ready").getLastTransitionTime())).isAfter(firstSecond);
        assertThat(Instant.parse(get(third, "ContainersReady").getLastTransitionTime())).isAfter(firstSecond);
        assertThat(get(third, "Initialized").getLastTransitionTime())
                .isEqualTo(get(first, "Initialized").getLastTransitionTime());
        assertThat(get(third, "PodReadyToStartContainers").getLastTransitionTime())
                .isEqualTo(get(first, "PodReadyToStartContainers").getLastTransitionTime());

        // Staying ready keeps the new time.
        List<PodCondition> fourth = pod.compute(List.of(SCHEDULED), true, true, List.of(), true, false);
        assertThat(get(fourth, "Ready").getLastTransitionTime()).isEqualTo(get(third, "Ready").getLastTransitionTime());
    }

    @Test
    void eachPodConditionsInstanceTracksItsOwnTimes() {
        PodConditions a = new PodConditions();
        PodConditions b = new PodConditions();
        String timeA = get(a.compute(null, true, true, List.of(), true, false), "Ready").getLastTransitionTime();
        String timeB = get(b.compute(null, true, true, List.of("x"), true, false), "Ready").getLastTransitionTime();
        assertThat(timeA).isNotNull();
        assertThat(timeB).isNotNull();
        assertThat(get(a.compute(null, true, true, List.of(), true, false), "Ready").getStatus()).isEqualTo("True");
        assertThat(get(b.compute(null, true, true, List.of("x"), true, false), "Ready").getStatus()).isEqualTo("False");
    }

    @Test
    void lastProbeTimeIsNotSet() {
        List<PodCondition> conditions = new PodConditions().compute(null, true, true, List.of(), true, false);
        assertThat(conditions).allSatisfy(c -> assertThat(c.getLastProbeTime()).isNull());
    }
}
