package dev.muninn.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ContainerRunTest {
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00.400Z");

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void reap() throws InterruptedException {
        for (Process p : processes) {
            p.waitFor();
        }
    }

    private Process process() throws IOException {
        Process p = new ProcessBuilder("true").start();
        processes.add(p);
        return p;
    }

    private static Container spec() {
        return new ContainerBuilder().withName("app").withImage("docker.io/muninn/app:1.2@sha256:abc").build();
    }

    /** Starts at {@code at}, runs for {@code ran}, exits with {@code exit}; returns the exit instant. */
    private Instant cycle(ContainerRun run, Instant at, Duration ran, int exit, String policy) throws IOException {
        run.onStarted(process(), Map.of("A", "1"), at);
        Instant end = at.plus(ran);
        run.onExited(exit, end, policy);
        return end;
    }

    // --- restart policy ----------------------------------------------------------------------------------------

    @Test
    void alwaysRestartsAfterSuccessAndFailure() throws IOException {
        for (int exit : new int[]{0, 1, 137}) {
            ContainerRun run = new ContainerRun(spec(), false);
            cycle(run, T0, Duration.ofSeconds(5), exit, "Always");
            assertThat(run.finished()).as("exit %d", exit).isFalse();
            assertThat(run.termination).isNull();
            assertThat(run.running()).isFalse();
            assertThat(run.lastTermination).isNotNull();
            assertThat(run.lastTermination.getExitCode()).isEqualTo(exit);
            assertThat(run.lastTermination.getReason()).isEqualTo(exit == 0 ? "Completed" : "Error");
        }
    }

    @Test
    void onFailureRestartsOnlyAfterFailure() throws IOException {
        ContainerRun failed = new ContainerRun(spec(), false);
        cycle(failed, T0, Duration.ofSeconds(5), 2, "OnFailure");
        assertThat(failed.finished()).isFalse();
        assertThat(failed.lastTermination.getExitCode()).isEqualTo(2);

        ContainerRun done = new ContainerRun(spec(), false);
        cycle(done, T0, Duration.ofSeconds(5), 0, "OnFailure");
        assertThat(done.finished()).isTrue();
        assertThat(done.succeeded()).isTrue();
        assertThat(done.termination.getExitCode()).isZero();
        assertThat(done.termination.getReason()).isEqualTo("Completed");
        assertThat(done.lastTermination).isNull();
    }

    @Test
    void neverDoesNotRestart() throws IOException {
        for (int exit : new int[]{0, 3}) {
            ContainerRun run = new ContainerRun(spec(), false);
            cycle(run, T0, Duration.ofSeconds(5), exit, "Never");
            assertThat(run.finished()).isTrue();
            assertThat(run.succeeded()).isEqualTo(exit == 0);
            assertThat(run.termination.getExitCode()).isEqualTo(exit);
            assertThat(run.termination.getReason()).isEqualTo(exit == 0 ? "Completed" : "Error");
            assertThat(run.termination.getStartedAt()).isEqualTo("2025-01-01T00:00:00Z");
            assertThat(run.termination.getFinishedAt()).isEqualTo("2025-01-01T00:00:05Z");
            assertThat(run.termination.getContainerID()).startsWith("process://");
            assertThat(run.lastTermination).isNull();
            assertThat(run.restartCount).isZero();
        }
    }

    // --- restart count and back-off ----------------------------------------------------------------------------

    @Test
    void restartCountCountsStartsAfterTheFirst() throws IOException {
        ContainerRun run = new ContainerRun(spec(), false);
        run.onStarted(process(), Map.of(), T0);
        assertThat(run.restartCount).isZero();
        run.onExited(1, T0.plusSeconds(1), "Always");
        assertThat(run.restartCount).isZero();
        run.onStarted(process(), Map.of(), T0.plusSeconds(2));
        assertThat(run.restartCount).isEqualTo(1);
        run.onExited(1, T0.plusSeconds(3), "Always");
        run.onStarted(process(), Map.of(), T0.plusSeconds(20));
        assertThat(run.restartCount).isEqualTo(2);
        assertThat(run.status().getRestartCount()).isEqualTo(2);
    }

    @Test
    void backOffDoublesFromTenSecondsUpToFiveMinutes() throws IOException {
        ContainerRun run = new ContainerRun(spec(), false);
        Instant now = T0;
        // First crash: restart at once.
        Instant end = cycle(run, now, Duration.ofSeconds(1), 1, "Always");
        assertThat(run.notBefore).isEqualTo(end);
        assertThat(run.waitingReason).isEqualTo("ContainerCreating");
        assertThat(run.waitingMessage).isNull();

        long[] expected = {10, 20, 40, 80, 160, 300, 300, 300};
        for (long seconds : expected) {
            now = run.notBefore;
            end = cycle(run, now, Duration.ofSeconds(1), 1, "Always");
            assertThat(Duration.between(end, run.notBefore)).isEqualTo(Duration.ofSeconds(seconds));
            assertThat(run.waitingReason).isEqualTo("CrashLoopBackOff");
            assertThat(run.waitingMessage).isEqualTo("back-off " + seconds + "s restarting failed container=app");
            assertThat(run.status().getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
        }
        assertThat(run.restartCount).isEqualTo(expected.length);
    }

    @Test
    void backOffAppliesToCleanExitsUnderAlways() throws IOException {
        ContainerRun run = new ContainerRun(spec(), false);
        Instant end = cycle(run, T0, Duration.ofSeconds(1), 0, "Always");
        assertThat(run.notBefore).isEqualTo(end);
        end = cycle(run, end, Duration.ofSeconds(1), 0, "Always");
        assertThat(run.notBefore).isEqualTo(end.plusSeconds(10));
        assertThat(run.waitingReason).isEqualTo("CrashLoopBackOff");
    }

    @Test
    void longRunResetsTheBackOff() throws IOException {
        ContainerRun run = new ContainerRun(spec(), false);
        Instant end = T0;
        for (int i = 0; i < 5; i++) {
            end = cycle(run, run.notBefore.isAfter(end) ? run.notBefore : end, Duration.ofSeconds(1), 1, "Always");
        }
        assertThat(Duration.between(end, run.notBefore)).isEqualTo(Duration.ofSeconds(80));

        // Exactly ten minutes is not longer than ten minutes: the back-off goes on.
        end = cycle(run, run.notBefore, Duration.ofMinutes(10), 1, "Always");
        assertThat(Duration.between(end, run.notBefore)).isEqualTo(Duration.ofSeconds(160));

        end = cycle(run, run.notBefore, Duration.ofMinutes(10).plusSeconds(1), 1, "Always");
        assertThat(run.notBefore).isEqualTo(end);
        assertThat(run.waitingReason).isEqualTo("ContainerCreating");
        assertThat(run.waitingMessage).isNull();

        // And the sequence starts over.
        end = cycle(run, run.notBefore, Duration.ofSeconds(1), 1, "Always");
        assertThat(Duration.between(end, run.notBefore)).isEqualTo(Duration.ofSeconds(10));
        end = cycle(run, run.notBefore, Duration.ofSeconds(1), 1, "Always");
        assertThat(Duration.between(end, run.notBefore)).isEqualTo(Duration.ofSeconds(20));
    }

    // --- status ------------------------------------------------------------------------------------------------

    @Test
    void statusBeforeTheFirstStartIsWaiting() {
        ContainerStatus status = new ContainerRun(spec(), false).status();
        assertThat(status.getName()).isEqualTo("app");
        assertThat(status.getImage()).isEqualTo("docker.io/muninn/app:1.2@sha256:abc");
        assertThat(status.getImageID()).isEmpty();
        assertThat(status.getContainerID()).isNull();
        assertThat(status.getState().getWaiting().getReason()).isEqualTo("ContainerCreating");
        assertThat(status.getState().getRunning()).isNull();
        assertThat(status.getState().getTerminated()).isNull();
        assertThat(status.getLastState()).isNull();
        assertThat(status.getReady()).isFalse();
        assertThat(status.getStarted()).isFalse();
        assertThat(status.getRestartCount()).isZero();
    }

    @Test
    void statusWhileRunning() throws IOException {
        ContainerRun run = new ContainerRun(spec(), false);
        Process p = process();
        run.onStarted(p, Map.of("K", "v"), T0);
        run.ready = true;
        ContainerStatus status = run.status();
        assertThat(status.getState().getRunning()).isNotNull();
        assertThat(status.getState().getRunning().getStartedAt()).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(status.getState().getWaiting()).isNull();
        assertThat(status.getState().getTerminated()).isNull();
        assertThat(status.getContainerID()).isEqualTo("process://" + p.pid());
        assertThat(status.getImageID()).isEqualTo("process://docker.io/muninn/app");
        assertThat(status.getStarted()).isTrue();
        assertThat(status.getReady()).isTrue();
        assertThat(status.getLastState()).isNull();
        assertThat(run.env).containsExactlyEntriesOf(Map.of("K", "v"));
        assertThat(run.waitingReason).isNull();
    }

    @Test
    void startupProbeHoldsStartedFalse() throws IOException {
        Container withStartup = new ContainerBuilder(spec())
                .withNewStartupProbe().withNewExec().withCommand("true").endExec().endStartupProbe().build();
        ContainerRun run = new ContainerRun(withStartup, false);
        run.onStarted(process(), Map.of(), T0);
        assertThat(run.startup).isNotNull();
        assertThat(run.liveness).isNull();
        assertThat(run.readiness).isNull();
        assertThat(run.status().getStarted()).isFalse();
    }

    @Test
    void statusWaitingForARestartShowsTheLastState() throws IOException {
        ContainerRun run = new ContainerRun(spec(), false);
        Process first = process();
        run.onStarted(first, Map.of(), T0);
        run.onExited(1, T0.plusSeconds(5), "Always");
        run.onStarted(process(), Map.of(), T0.plusSeconds(6));
        run.onExited(2, T0.plusSeconds(7), "Always");

        ContainerStatus status = run.status();
        assertThat(status.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
        assertThat(status.getState().getWaiting().getMessage()).contains("back-off 10s");
        assertThat(status.getState().getRunning()).isNull();
        assertThat(status.getLastState().getTerminated().getExitCode()).isEqualTo(2);
        assertThat(status.getLastState().getTerminated().getReason()).isEqualTo("Error");
        assertThat(status.getLastState().getTerminated().getStartedAt()).isEqualTo("2025-01-01T00:00:06Z");
        assertThat(status.getLastState().getTerminated().getFinishedAt()).isEqualTo("2025-01-01T00:00:07Z");
        assertThat(status.getRestartCount()).isEqualTo(1);
        assertThat(status.getReady()).isFalse();
        assertThat(status.getStarted()).isFalse();
        assertThat(run.containerId()).startsWith("process://").isNotEqualTo("process://" + first.pid());
    }

    @Test
    void statusRunningAgainKeepsTheLastState() throws IOException {
        ContainerRun run = new ContainerRun(spec(), false);
        run.onStarted(process(), Map.of(), T0);
        run.onExited(137, T0.plusSeconds(5), "Always");
        Process second = process();
        run.onStarted(second, Map.of(), T0.plusSeconds(6));

        ContainerStatus status = run.status();
        assertThat(status.getState().getRunning().getStartedAt()).isEqualTo("2025-01-01T00:00:06Z");
        assertThat(status.getContainerID()).isEqualTo("process://" + second.pid());
        assertThat(status.getLastState().getTerminated().getExitCode()).isEqualTo(137);
        assertThat(status.getRestartCount()).isEqualTo(1);
    }

    @Test
    void statusTerminatedForGood() throws IOException {
        ContainerRun run = new ContainerRun(spec(), true);
        Process p = process();
        run.onStarted(p, Map.of(), T0);
        run.onExited(0, T0.plusSeconds(3), "Never");

        ContainerStatus status = run.status();
        assertThat(status.getState().getTerminated()).isNotNull();
        assertThat(status.getState().getTerminated().getExitCode()).isZero();
        assertThat(status.getState().getTerminated().getReason()).isEqualTo("Completed");
        assertThat(status.getState().getWaiting()).isNull();
        assertThat(status.getState().getRunning()).isNull();
        assertThat(status.getContainerID()).isEqualTo("process://" + p.pid());
        assertThat(status.getImageID()).isEqualTo("process://docker.io/muninn/app");
        assertThat(status.getStarted()).isFalse();
        assertThat(status.getReady()).isFalse();
        assertThat(status.getLastState()).isNull();
        assertThat(status.getRestartCount()).isZero();
    }

    @Test
    void exitClearsRunningFlags() throws IOException {
        ContainerRun run = new ContainerRun(spec(), false);
        run.onStarted(process(), Map.of(), T0);
        run.ready = true;
        run.killDeadline = T0.plusSeconds(30);
        run.onExited(1, T0.plusSeconds(5), "Always");
        assertThat(run.process).isNull();
        assertThat(run.ready).isFalse();
        assertThat(run.started).isFalse();
        assertThat(run.killDeadline).isNull();
    }

    @Test
    void formatTruncatesToSeconds() {
        assertThat(ContainerRun.format(Instant.parse("2025-03-04T05:06:07.999Z"))).isEqualTo("2025-03-04T05:06:07Z");
        assertThat(ContainerRun.format(null)).isNull();
    }
}
