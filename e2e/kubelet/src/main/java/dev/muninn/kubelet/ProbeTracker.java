package dev.muninn.kubelet;

import io.fabric8.kubernetes.api.model.Probe;

import java.time.Duration;
import java.time.Instant;

/** One probe's schedule and thresholds: when it is due and what its consecutive results add up to. */
final class ProbeTracker {
    enum Verdict { UNKNOWN, SUCCESS, FAILURE }

    private final Probe probe;
    private Instant nextRun;
    private int successes;
    private int failures;
    private Verdict verdict = Verdict.UNKNOWN;

    ProbeTracker(Probe probe, Instant containerStarted) {
        this.probe = probe;
        this.nextRun = containerStarted.plusSeconds(orDefault(probe.getInitialDelaySeconds(), 0));
    }

    Probe probe() {
        return probe;
    }

    boolean due(Instant now) {
        return !now.isBefore(nextRun);
    }

    int timeoutSeconds() {
        return orDefault(probe.getTimeoutSeconds(), 1);
    }

    /** Records one result; the verdict changes only when a threshold is reached. */
    Verdict record(boolean success, Instant now) {
        nextRun = now.plus(Duration.ofSeconds(orDefault(probe.getPeriodSeconds(), 10)));
        if (success) {
            failures = 0;
            successes++;
            if (successes >= orDefault(probe.getSuccessThreshold(), 1)) {
                verdict = Verdict.SUCCESS;
            }
        } else {
            successes = 0;
            failures++;
            if (failures >= orDefault(probe.getFailureThreshold(), 3)) {
                verdict = Verdict.FAILURE;
            }
        }
        return verdict;
    }

    Verdict verdict() {
        return verdict;
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null || value <= 0 ? fallback : value;
    }
}
