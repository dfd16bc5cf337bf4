package dev.muninn.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** One container of a pod across its restarts: the running process, its probes, its restart back-off. */
final class ContainerRun {
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(10);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    /** A container that ran this long without failing starts again with no back-off, as in the kubelet. */
    static final Duration BACKOFF_RESET = Duration.ofMinutes(10);

    final Container spec;
    final boolean init;
    Process process;
    Map<String, String> env;
    Instant startedAt;
    int restartCount;
    ContainerStateTerminated lastTermination;
    /** Set when the container exited for good (no restart by the pod's policy). */
    ContainerStateTerminated termination;
    String waitingReason = "ContainerCreating";
    String waitingMessage;
    Instant notBefore = Instant.EPOCH;
    Duration backoff = Duration.ZERO;
    boolean started;
    boolean ready;
    ProbeTracker startup;
    ProbeTracker liveness;
    ProbeTracker readiness;
    /** When a kill was asked (liveness failure, pod deletion): SIGKILL follows at this instant. */
    Instant killDeadline;

    ContainerRun(Container spec, boolean init) {
        this.spec = spec;
        this.init = init;
    }

    boolean running() {
        return process != null;
    }

    boolean finished() {
        return termination != null;
    }

    boolean succeeded() {
        return termination != null && termination.getExitCode() == 0;
    }

    void onStarted(Process started, Map<String, String> environment, Instant now) {
        if (lastTermination != null) {
            restartCount++;
        }
        process = started;
        env = environment;
        startedAt = now;
        waitingReason = null;
        waitingMessage = null;
        killDeadline = null;
        this.started = spec.getStartupProbe() == null;
        ready = false;
        startup = spec.getStartupProbe() == null ? null : new ProbeTracker(spec.getStartupProbe(), now);
        liveness = spec.getLivenessProbe() == null ? null : new ProbeTracker(spec.getLivenessProbe(), now);
        readiness = spec.getReadinessProbe() == null ? null : new ProbeTracker(spec.getReadinessProbe(), now);
    }

    /** The process is gone: records how it ended and decides, by the restart policy, whether it runs again. */
    void onExited(int exitCode, Instant now, String restartPolicy) {
        ContainerStateTerminated ended = new ContainerStateTerminatedBuilder()
                .withExitCode(exitCode)
                .withReason(exitCode == 0 ? "Completed" : "Error")
                .withStartedAt(format(startedAt)).withFinishedAt(format(now))
                .withContainerID(containerId())
                .build();
        Duration ran = Duration.between(startedAt, now);
        process = null;
        started = false;
        ready = false;
        killDeadline = null;
        boolean restart = "Always".equals(restartPolicy) || (!"Never".equals(restartPolicy) && exitCode != 0);
        if (!restart) {
            termination = ended;
            return;
        }
        lastTermination = ended;
        if (ran.compareTo(BACKOFF_RESET) > 0) {
            backoff = Duration.ZERO;
        }
        notBefore = now.plus(backoff);
        if (!backoff.isZero()) {
            waitingReason = "CrashLoopBackOff";
            waitingMessage = "back-off " + backoff.toSeconds() + "s restarting failed container=" + spec.getName();
        } else {
            waitingReason = "ContainerCreating";
            waitingMessage = null;
        }
        backoff = backoff.isZero() ? FIRST_BACKOFF : min(backoff.multipliedBy(2), MAX_BACKOFF);
    }

    String containerId() {
        return process != null ? "process://" + process.pid()
                : lastTermination != null ? lastTermination.getContainerID() : null;
    }

    ContainerStatus status() {
        ContainerState state;
        if (process != null) {
            state = new ContainerStateBuilder().withNewRunning().withStartedAt(format(startedAt)).endRunning().build();
        } else if (termination != null) {
            state = new ContainerStateBuilder().withTerminated(termination).build();
        } else {
            state = new ContainerStateBuilder().withNewWaiting().withReason(waitingReason).withMessage(waitingMessage)
                    .endWaiting().build();
        }
        ContainerStatusBuilder status = new ContainerStatusBuilder()
                .withName(spec.getName())
                .withImage(spec.getImage())
                .withImageID(process != null || termination != null ? "process://" + ImageCatalog.repository(spec.getImage()) : "")
                .withContainerID(process != null ? containerId() : termination != null ? termination.getContainerID() : null)
                .withReady(ready)
                .withStarted(process != null && started)
                .withRestartCount(restartCount)
                .withState(state);
        if (lastTermination != null) {
            status.withLastState(new ContainerStateBuilder().withTerminated(lastTermination).build());
        }
        return status.build();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }

    static String format(Instant instant) {
        return instant == null ? null : instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }
}
