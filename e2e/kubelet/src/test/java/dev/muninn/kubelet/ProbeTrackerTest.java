package dev.muninn.kubelet;

import dev.muninn.kubelet.ProbeTracker.Verdict;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ProbeTrackerTest {
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private static Probe probe() {
        return new ProbeBuilder().withNewHttpGet().withPath("/healthz").endHttpGet().build();
    }

    @Test
    void dueAtOnceWithoutInitialDelay() {
        ProbeTracker tracker = new ProbeTracker(probe(), T0);
        assertThat(tracker.due(T0)).isTrue();
        assertThat(tracker.due(T0.minusMillis(1))).isFalse();
        assertThat(tracker.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(tracker.probe()).isEqualTo(probe());
    }

    @Test
    void initialDelay() {
        ProbeTracker tracker = new ProbeTracker(new ProbeBuilder(probe()).withInitialDelaySeconds(15).build(), T0);
        assertThat(tracker.due(T0)).isFalse();
        assertThat(tracker.due(T0.plusSeconds(14).plusMillis(999))).isFalse();
        assertThat(tracker.due(T0.plusSeconds(15))).isTrue();
        assertThat(tracker.due(T0.plusSeconds(60))).isTrue();
    }

    @Test
    void defaultPeriodIsTenSeconds() {
        ProbeTracker tracker = new ProbeTracker(probe(), T0);
        Instant ran = T0.plusMillis(300);
        tracker.record(true, ran);
        assertThat(tracker.due(ran)).isFalse();
        assertThat(tracker.due(ran.plusSeconds(9).plusMillis(999))).isFalse();
        assertThat(tracker.due(ran.plusSeconds(10))).isTrue();
    }

    @Test
    void periodSchedulesTheNextRunFromTheLastOne() {
        ProbeTracker tracker = new ProbeTracker(new ProbeBuilder(probe()).withPeriodSeconds(3).build(), T0);
        tracker.record(false, T0.plusSeconds(1));
        assertThat(tracker.due(T0.plusSeconds(3))).isFalse();
        assertThat(tracker.due(T0.plusSeconds(4))).isTrue();
        // A late run moves the schedule with it.
        tracker.record(true, T0.plusSeconds(10));
        assertThat(tracker.due(T0.plusSeconds(12))).isFalse();
        assertThat(tracker.due(T0.plusSeconds(13))).isTrue();
    }

    @Test
    void zeroValuesFallBackToDefaults() {
        Probe zeros = new ProbeBuilder(probe()).withPeriodSeconds(0).withTimeoutSeconds(0)
                .withSuccessThreshold(0).withFailureThreshold(0).build();
        ProbeTracker tracker = new ProbeTracker(zeros, T0);
        assertThat(tracker.timeoutSeconds()).isEqualTo(1);
        tracker.record(true, T0);
        assertThat(tracker.verdict()).isEqualTo(Verdict.SUCCESS);
        assertThat(tracker.due(T0.plusSeconds(9))).isFalse();
        assertThat(tracker.due(T0.plusSeconds(10))).isTrue();
        assertThat(tracker.record(false, T0)).isEqualTo(Verdict.SUCCESS);
        assertThat(tracker.record(false, T0)).isEqualTo(Verdict.SUCCESS);
        assertThat(tracker.record(false, T0)).isEqualTo(Verdict.FAILURE);
    }

    @Test
    void timeoutSeconds() {
        assertThat(new ProbeTracker(probe(), T0).timeoutSeconds()).isEqualTo(1);
        assertThat(new ProbeTracker(new ProbeBuilder(probe()).withTimeoutSeconds(7).build(), T0).timeoutSeconds())
                .isEqualTo(7);
    }

    @Test
    void defaultThresholdsAreOneSuccessAndThreeFailures() {
        ProbeTracker tracker = new ProbeTracker(probe(), T0);
        assertThat(tracker.record(false, T0)).isEqualTo(Verdict.UNKNOWN);
        assertThat(tracker.record(false, T0)).isEqualTo(Verdict.UNKNOWN);
        assertThat(tracker.record(false, T0)).isEqualTo(Verdict.FAILURE);
        assertThat(tracker.verdict()).isEqualTo(Verdict.FAILURE);
        assertThat(tracker.record(true, T0)).isEqualTo(Verdict.SUCCESS);
        assertThat(tracker.verdict()).isEqualTo(Verdict.SUCCESS);
    }

    @Test
    void oneSuccessIsEnoughFromTheStart() {
        ProbeTracker tracker = new ProbeTracker(probe(), T0);
        assertThat(tracker.record(true, T0)).isEqualTo(Verdict.SUCCESS);
    }

    @Test
    void aSuccessResetsTheFailureCount() {
        ProbeTracker tracker = new ProbeTracker(probe(), T0);
        assertThat(tracker.record(true, T0)).isEqualTo(Verdict.SUCCESS);
        assertThat(tracker.record(false, T0)).isEqualTo(Verdict.SUCCESS);
        assertThat(tracker.record(false, T0)).isEqualTo(Verdict.SUCCESS);
        assertThat(tracker.record(true, T0)).isEqualTo(Verdict.SUCCESS);
        assertThat(tracker.record(false, T0)).isEqualTo(Verdict.SUCCESS);
        assertThat(tracker.record(false, T0)).isEqualTo(Verdict.SUCCESS);
        assertThat(tracker.record(false, T0)).isEqualTo(Verdict.FAILURE);
    }

    @Test
    void customThresholds() {
        Probe probe = new ProbeBuilder(probe()).withSuccessThreshold(2).withFailureThreshold(1).build();
        ProbeTracker tracker = new ProbeTracker(probe, T0);
        assertThat(tracker.record(true, T0)).isEqualTo(Verdict.UNKNOWN);
        assertThat(tracker.record(true, T0)).isEqualTo(Verdict.SUCCESS);
        assertThat(tracker.record(false, T0)).isEqualTo(Verdict.FAILURE);
        // A failure resets the success count too: success, failure, success is not two in a row.
        assertThat(tracker.record(true, T0)).isEqualTo(Verdict.FAILURE);
        assertThat(tracker.record(false, T0)).isEqualTo(Verdict.FAILURE);
        assertThat(tracker.record(true, T0)).isEqualTo(Verdict.FAILURE);
        assertThat(tracker.record(true, T0)).isEqualTo(Verdict.SUCCESS);
    }

    @Test
    void failureThresholdFive() {
        ProbeTracker tracker = new ProbeTracker(new ProbeBuilder(probe()).withFailureThreshold(5).build(), T0);
        tracker.record(true, T0);
        for (int i = 1; i < 5; i++) {
            assertThat(tracker.record(false, T0)).as("failure %d", i).isEqualTo(Verdict.SUCCESS);
        }
        assertThat(tracker.record(false, T0)).isEqualTo(Verdict.FAILURE);
    }
}
