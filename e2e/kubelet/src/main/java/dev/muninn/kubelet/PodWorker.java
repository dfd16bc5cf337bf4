package dev.muninn.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.HostIPBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs one pod (one UID) from its binding to its deletion: sets up its IP and volumes, runs the init containers
 * one after the other and then the containers, probes them, restarts them by the pod's restart policy with
 * back-off, reports status and conditions, and on deletion stops them (SIGTERM, SIGKILL after the grace period)
 * and removes the pod. All of it on one thread per pod, in a sync loop, as the kubelet's pod workers do.
 */
final class PodWorker {
    private static final Duration SYNC_PERIOD = Duration.ofMillis(500);
    private static final Duration VOLUME_REFRESH = Duration.ofSeconds(10);

    private final KubeletContext context;
    private final String uid;
    private final String key;
    private final Path podDir;
    private final ScheduledExecutorService loop;
    private final List<ContainerRun> initRuns = new ArrayList<>();
    private final List<ContainerRun> runs = new ArrayList<>();
    private final PodConditions conditions = new PodConditions();
    private volatile Pod pod;
    private PodVolumes volumes;
    private String podIp;
    private Instant startTime;
    private Instant nextVolumeRefresh = Instant.EPOCH;
    private boolean prepared;
    private Instant terminationDeadline;
    private boolean removedFromApi;
    private volatile boolean done;
    private String lastStatusJson;

    PodWorker(KubeletContext context, Pod pod) {
        this.context = context;
        this.pod = pod;
        this.uid = pod.getMetadata().getUid();
        this.key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        this.podDir = context.options().rootDir().resolve("pods").resolve(uid);
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pod " + key);
            t.setDaemon(true);
            return t;
        });
        for (Container c : ContainerEnvironment.nullSafe(pod.getSpec().getInitContainers())) {
            initRuns.add(new ContainerRun(c, true));
        }
        for (Container c : pod.getSpec().getContainers()) {
            runs.add(new ContainerRun(c, false));
        }
        restoreRestartCounts(pod);
    }

    void start() {
        Log.info("pod-admitted", "pod", key, "uid", uid);
        loop.scheduleWithFixedDelay(this::sync, 0, SYNC_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A newer version of the pod from the API server (a deletion timestamp, a readiness gate...). */
    void update(Pod latest) {
        this.pod = latest;
    }

    /** The pod is gone from the API server (force-deleted): stop its containers at once, report nothing. */
    void onDeletedFromApi() {
        removedFromApi = true;
        loop.execute(() -> beginTermination(Duration.ofSeconds(2), "deleted from the API server"));
    }

    /** The kubelet is stopping: stop the containers within their grace period and release what they held. */
    void shutdown(Duration maxGrace) {
        removedFromApi = true;
        loop.execute(() -> beginTermination(min(gracePeriod(), maxGrace), "kubelet stopping"));
    }

    private void sync() {
        if (done) {
            return;
        }
        try {
            Pod current = pod;
            if (current.getMetadata().getDeletionTimestamp() != null && terminationDeadline == null) {
                beginTermination(gracePeriod(), "deleted");
            }
            if (terminationDeadline != null) {
                continueTermination();
                return;
            }
            if (isTerminal()) {
                pushStatus();
                return;
            }
            if (!prepared && !prepare()) {
                pushStatus();
                return;
            }
            Instant now = Instant.now();
            if (now.isAfter(nextVolumeRefresh)) {
                volumes.refresh();
                nextVolumeRefresh = now.plus(VOLUME_REFRESH);
            }
            reapExited(initRuns);
            reapExited(runs);
            if (initialized()) {
                for (ContainerRun run : runs) {
                    startIfDue(run, now);
                }
            } else if (!initFailedForGood()) {
                initRuns.stream().filter(r -> !r.succeeded()).findFirst().ifPresent(run -> startIfDue(run, now));
            }
            probe(now);
            enforceKills(now);
            pushStatus();
        } catch (RuntimeException e) {
            Log.warn("pod-sync-failed", "pod", key, "error", e.toString());
        }
    }

    // --- setting up ----------------------------------------------------------------------------------------------

    private boolean prepare() {
        try {
            if (podIp == null) {
                podIp = context.addresses().allocate();
                startTime = Instant.now();
                Files.createDirectories(podDir);
                context.hosts().put(uid, podIp, HostsFile.namesOf(pod.getMetadata().getName(),
                        pod.getSpec().getHostname(), pod.getSpec().getSubdomain(), pod.getMetadata().getNamespace(),
                        podIp, context.options().clusterDomain()));
                Log.info("pod-ip-assigned", "pod", key, "ip", podIp);
            }
            if (volumes == null) {
                volumes = new PodVolumes(context.client(), pod, podDir);
            }
            volumes.prepare(podIp);
            prepared = true;
            nextVolumeRefresh = Instant.now().plus(VOLUME_REFRESH);
            return true;
        } catch (PodVolumes.NotReady e) {
            waitAll("ContainerCreating", e.getMessage());
            return false;
        } catch (IOException | InterruptedException | KubernetesClientException e) {
            waitAll("ContainerCreating", e.getMessage());
            Log.warn("pod-setup-failed", "pod", key, "error", e.getMessage());
            return false;
        }
    }

    private void waitAll(String reason, String message) {
        Stream.concat(initRuns.stream(), runs.stream()).filter(r -> !r.running() && !r.finished()).forEach(r -> {
            if (!message.equals(r.waitingMessage)) {
                context.events().warning(pod, null, "FailedMount", message);
            }
            r.waitingReason = reason;
            r.waitingMessage = message;
        });
    }

    // --- running -------------------------------------------------------------------------------------------------

    private void startIfDue(ContainerRun run, Instant now) {
        if (run.running() || run.finished() || now.isBefore(run.notBefore)) {
            return;
        }
        Container spec = run.spec;
        Optional<List<String>> entrypoint = context.images().entrypoint(spec.getImage());
        if (entrypoint.isEmpty()) {
            String message = "image " + spec.getImage() + " has no launch command in " + context.images().source();
            if (!"ErrImagePull".equals(run.waitingReason)) {
                context.events().warning(pod, spec.getName(), "Failed", "Failed to pull image: " + message);
            }
            run.waitingReason = "ErrImagePull";
            run.waitingMessage = message;
            run.notBefore = now.plusSeconds(10);
            return;
        }
        try {
            Map<String, String> env = context.environment().resolve(pod, spec, podIp, hostname());
            ImageCatalog.Launch launch = context.images().launch(ContainerEnvironment.commandLine(entrypoint.get(),
                    spec, env));
            List<String> command = launch.command();
            List<PodVolumes.Mount> mounts = new ArrayList<>(volumes.mounts(spec));
            launch.imageMount().ifPresent(mounts::add);
            mounts = MountOrder.sort(mounts);
            String workingDir = spec.getWorkingDir() != null && !spec.getWorkingDir().isEmpty()
                    ? spec.getWorkingDir() : podDir.resolve("containers").resolve(spec.getName()).toString();
            if (run.lastTermination == null && run.restartCount == 0) {
                context.events().normal(pod, spec.getName(), "Pulled", "Container image \"" + spec.getImage()
                        + "\" already present on machine");
            }
            Process process = ContainerLauncher.start(command, env, mounts, workingDir, hostname(),
                    logFile(spec.getName()));
            run.onStarted(process, env, now);
            Files.writeString(podDir.resolve(spec.getName() + ".pid"), Long.toString(process.pid()));
            context.events().normal(pod, spec.getName(), "Started", "Started container " + spec.getName()
                    + " (pid " + process.pid() + ")");
        } catch (ContainerEnvironment.ConfigError e) {
            if (!"CreateContainerConfigError".equals(run.waitingReason)) {
                context.events().warning(pod, spec.getName(), "Failed", "Error: " + e.getMessage());
            }
            run.waitingReason = "CreateContainerConfigError";
            run.waitingMessage = e.getMessage();
            run.notBefore = now.plusSeconds(2);
        } catch (PodVolumes.NotReady | IOException | KubernetesClientException e) {
            run.waitingReason = "CreateContainerError";
            run.waitingMessage = e.getMessage();
            run.notBefore = now.plusSeconds(2);
            context.events().warning(pod, spec.getName(), "Failed", "Error: " + e.getMessage());
        }
    }

    private void reapExited(List<ContainerRun> list) {
        for (ContainerRun run : list) {
            if (run.running() && !run.process.isAlive()) {
                int exit = run.process.exitValue();
                String name = run.spec.getName();
                Log.info("container-exited", "pod", key, "container", name, "exitCode", exit);
                String policy = run.init && "Always".equals(pod.getSpec().getRestartPolicy()) ? "OnFailure"
                        : pod.getSpec().getRestartPolicy();
                run.onExited(exit, Instant.now(), policy);
                deletePidFile(name);
                if ("CrashLoopBackOff".equals(run.waitingReason)) {
                    context.events().warning(pod, name, "BackOff", "Back-off restarting failed container " + name);
                }
            }
        }
    }

    private void probe(Instant now) {
        for (ContainerRun run : runs) {
            if (!run.running() || run.killDeadline != null) {
                continue;
            }
            if (!run.started) {
                if (run.startup != null && run.startup.due(now)) {
                    ProbeTracker.Verdict verdict = runProbe(run, run.startup, "Startup", now);
                    if (verdict == ProbeTracker.Verdict.SUCCESS) {
                        run.started = true;
                    } else if (verdict == ProbeTracker.Verdict.FAILURE) {
                        kill(run, "Container " + run.spec.getName() + " failed startup probe, will be restarted");
                    }
                }
                continue;
            }
            if (run.liveness != null && run.liveness.due(now)
                    && runProbe(run, run.liveness, "Liveness", now) == ProbeTracker.Verdict.FAILURE) {
                kill(run, "Container " + run.spec.getName() + " failed liveness probe, will be restarted");
                continue;
            }
            if (run.readiness == null) {
                run.ready = true;
            } else if (run.readiness.due(now)) {
                run.ready = runProbe(run, run.readiness, "Readiness", now) == ProbeTracker.Verdict.SUCCESS;
            }
        }
    }

    private ProbeTracker.Verdict runProbe(ContainerRun run, ProbeTracker tracker, String kind, Instant now) {
        ProbeRunner.Result result = handle(run, tracker.probe(), tracker.timeoutSeconds());
        if (!result.success()) {
            context.events().warning(pod, run.spec.getName(), "Unhealthy", kind + " probe failed: " + result.message());
        }
        return tracker.record(result.success(), now);
    }

    private ProbeRunner.Result handle(ContainerRun run, Probe probe, int timeoutSeconds) {
        if (probe.getHttpGet() != null) {
            return ProbeRunner.httpGet(probe.getHttpGet(), run.spec, podIp, timeoutSeconds);
        }
        if (probe.getTcpSocket() != null) {
            return ProbeRunner.tcpSocket(probe.getTcpSocket().getPort(), probe.getTcpSocket().getHost(), run.spec,
                    podIp, timeoutSeconds);
        }
        if (probe.getExec() != null) {
            return ProbeRunner.exec(probe.getExec(), run.process.pid(), run.env, timeoutSeconds);
        }
        return new ProbeRunner.Result(true, "probe type not supported by the process kubelet; counted as success");
    }

    private void kill(ContainerRun run, String why) {
        context.events().normal(pod, run.spec.getName(), "Killing", why);
        runPreStop(run);
        ContainerLauncher.signal(run.process, false);
        run.killDeadline = Instant.now().plus(gracePeriod());
    }

    private void enforceKills(Instant now) {
        Stream.concat(initRuns.stream(), runs.stream())
                .filter(r -> r.running() && r.killDeadline != null && now.isAfter(r.killDeadline))
                .forEach(r -> ContainerLauncher.signal(r.process, true));
    }

    private void runPreStop(ContainerRun run) {
        LifecycleHandler preStop = run.spec.getLifecycle() == null ? null : run.spec.getLifecycle().getPreStop();
        if (preStop == null || !run.running()) {
            return;
        }
        int timeout = (int) Math.max(1, gracePeriod().toSeconds());
        if (preStop.getExec() != null) {
            ProbeRunner.exec(preStop.getExec(), run.process.pid(), run.env, timeout);
        } else if (preStop.getHttpGet() != null) {
            ProbeRunner.httpGet(preStop.getHttpGet(), run.spec, podIp, timeout);
        }
    }

    // --- stopping ------------------------------------------------------------------------------------------------

    private void beginTermination(Duration grace, String why) {
        if (terminationDeadline != null || done) {
            return;
        }
        terminationDeadline = Instant.now().plus(grace);
        Log.info("pod-stopping", "pod", key, "reason", why, "gracePeriodSeconds", grace.toSeconds());
        for (ContainerRun run : concat()) {
            if (run.running()) {
                if (!removedFromApi) {
                    context.events().normal(pod, run.spec.getName(), "Killing", "Stopping container " + run.spec.getName());
                }
                runPreStop(run);
                ContainerLauncher.signal(run.process, false);
            }
        }
        continueTermination();
    }

    private void continueTermination() {
        Instant now = Instant.now();
        boolean anyAlive = false;
        for (ContainerRun run : concat()) {
            if (run.running()) {
                if (run.process.isAlive()) {
                    anyAlive = true;
                    if (now.isAfter(terminationDeadline)) {
                        ContainerLauncher.signal(run.process, true);
                    }
                } else {
                    run.onExited(run.process.exitValue(), now, "Never");
                    deletePidFile(run.spec.getName());
                }
            }
        }
        if (anyAlive) {
            return;
        }
        finish();
    }

    /** Every container is gone: release the IP and host names, report the final status, remove the pod. */
    private void finish() {
        context.hosts().remove(uid);
        context.addresses().release(podIp);
        if (!removedFromApi) {
            pushStatus();
            try {
                var resource = context.client().pods().inNamespace(pod.getMetadata().getNamespace())
                        .withName(pod.getMetadata().getName());
                Pod latest = resource.get();
                // Only this UID: a StatefulSet creates the next pod of this name once this one is gone.
                if (latest != null && uid.equals(latest.getMetadata().getUid())) {
                    resource.withGracePeriod(0).delete();
                }
            } catch (KubernetesClientException e) {
                // Deleted with the UID's own version or already gone; a newer pod of that name is not ours.
                if (e.getCode() != 404 && e.getCode() != 409) {
                    Log.warn("pod-final-delete-failed", "pod", key, "code", e.getCode(), "error", e.getMessage());
                }
            }
        }
        deleteQuietly(podDir);
        done = true;
        Log.info("pod-stopped", "pod", key, "uid", uid);
        context.forget(uid);
        loop.shutdown();
    }

    // --- status --------------------------------------------------------------------------------------------------

    private void pushStatus() {
        if (removedFromApi) {
            return;
        }
        PodStatus status = status();
        String json = Serialization.asJson(status);
        if (json.equals(lastStatusJson)) {
            return;
        }
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("metadata", Map.of("uid", uid));
        patch.put("status", status);
        try {
            context.client().pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
            lastStatusJson = json;
        } catch (KubernetesClientException e) {
            Log.warn("pod-status-not-written", "pod", key, "code", e.getCode(), "error", e.getMessage());
        }
    }

    private PodStatus status() {
        List<ContainerStatus> initStatuses = initRuns.stream().map(ContainerRun::status).toList();
        List<ContainerStatus> statuses = runs.stream().map(ContainerRun::status).toList();
        String phase = phase();
        List<String> unready = runs.stream().filter(r -> !r.ready).map(r -> r.spec.getName()).toList();
        List<PodCondition> existing = pod.getStatus() == null ? List.of() : pod.getStatus().getConditions();
        PodStatusBuilder status = new PodStatusBuilder()
                .withPhase(phase)
                .withConditions(conditions.compute(existing, prepared, initialized(), unready, readinessGatesMet(),
                        "Succeeded".equals(phase) || "Failed".equals(phase)))
                .withHostIP(context.options().nodeIp())
                .withHostIPs(new HostIPBuilder().withIp(context.options().nodeIp()).build())
                .withInitContainerStatuses(initStatuses)
                .withContainerStatuses(statuses);
        if (podIp != null) {
            status.withPodIP(podIp).withPodIPs(new PodIPBuilder().withIp(podIp).build());
        }
        if (startTime != null) {
            status.withStartTime(ContainerRun.format(startTime));
        }
        return status.build();
    }

    private String phase() {
        if (initFailedForGood()) {
            return "Failed";
        }
        if (!initialized()) {
            return "Pending";
        }
        if (runs.stream().allMatch(ContainerRun::finished)) {
            return runs.stream().allMatch(ContainerRun::succeeded) ? "Succeeded" : "Failed";
        }
        boolean underway = runs.stream().anyMatch(r -> r.running() || r.lastTermination != null || r.finished());
        return underway ? "Running" : "Pending";
    }

    private boolean isTerminal() {
        String phase = phase();
        return prepared && ("Succeeded".equals(phase) || "Failed".equals(phase))
                && concat().stream().noneMatch(ContainerRun::running);
    }

    private boolean initialized() {
        return initRuns.stream().allMatch(ContainerRun::succeeded);
    }

    private boolean initFailedForGood() {
        return initRuns.stream().anyMatch(r -> r.finished() && !r.succeeded());
    }

    private boolean readinessGatesMet() {
        var gates = pod.getSpec().getReadinessGates();
        if (gates == null || gates.isEmpty()) {
            return true;
        }
        List<PodCondition> present = pod.getStatus() == null || pod.getStatus().getConditions() == null ? List.of()
                : pod.getStatus().getConditions();
        return gates.stream().allMatch(g -> present.stream()
                .anyMatch(c -> c.getType().equals(g.getConditionType()) && "True".equals(c.getStatus())));
    }

    /** A restarted kubelet continues the restart counts the pod's status already shows. */
    private void restoreRestartCounts(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return;
        }
        for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
            runs.stream().filter(r -> r.spec.getName().equals(status.getName())).findFirst().ifPresent(r -> {
                if (status.getState() != null && (status.getState().getRunning() != null
                        || status.getState().getTerminated() != null)) {
                    r.restartCount = status.getRestartCount() == null ? 0 : status.getRestartCount();
                    r.lastTermination = status.getLastState() == null ? null : status.getLastState().getTerminated();
                    if (r.lastTermination == null) {
                        r.lastTermination = new io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder()
                                .withExitCode(137).withReason("Error")
                                .withMessage("the kubelet restarted while the container ran").build();
                    }
                }
            });
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private Duration gracePeriod() {
        Long seconds = pod.getMetadata().getDeletionGracePeriodSeconds();
        if (seconds == null) {
            seconds = pod.getSpec().getTerminationGracePeriodSeconds();
        }
        return Duration.ofSeconds(seconds == null ? 30 : Math.max(seconds, 1));
    }

    private String hostname() {
        String hostname = pod.getSpec().getHostname();
        return hostname == null || hostname.isEmpty() ? pod.getMetadata().getName() : hostname;
    }

    Path logFile(String container) {
        return podDir.resolve("logs").resolve(container + ".log");
    }

    private List<ContainerRun> concat() {
        List<ContainerRun> all = new ArrayList<>(initRuns);
        all.addAll(runs);
        return all;
    }

    private void deletePidFile(String container) {
        try {
            Files.deleteIfExists(podDir.resolve(container + ".pid"));
        } catch (IOException e) {
            Log.warn("pid-file-not-deleted", "pod", key, "error", e.getMessage());
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            Log.warn("pod-dir-not-deleted", "dir", dir, "error", e.getMessage());
        }
    }
}
