package dev.muninn.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A kubelet that runs pods as processes on this machine, for a real control plane where containers cannot run:
 * it registers its Node, keeps the node lease, runs the pods the scheduler binds to it (see {@link PodWorker}),
 * provisions local volumes ({@link LocalPathProvisioner}) and serves container logs ({@link KubeletServer}).
 * What it cannot do that a kubelet does is listed in e2e/README.md.
 */
public final class ProcessKubelet {
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);

    private final KubeletOptions options;
    private final KubernetesClient client;
    private final KubernetesClient provisionerClient;
    private final Map<String, PodWorker> workers = new ConcurrentHashMap<>();
    private final Map<String, String> uidByPod = new ConcurrentHashMap<>();
    private final Set<String> finished = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "node-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private KubeletContext context;
    private SharedIndexInformer<Pod> pods;
    private LocalPathProvisioner provisioner;
    private KubeletServer server;

    private ProcessKubelet(KubeletOptions options) throws IOException {
        this.options = options;
        this.client = clientFor(options.kubeconfig());
        this.provisionerClient = clientFor(options.provisionerKubeconfig());
    }

    public static void main(String[] args) throws Exception {
        KubeletOptions options;
        try {
            options = KubeletOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("process kubelet: " + e.getMessage());
            System.exit(2);
            return;
        }
        ProcessKubelet kubelet = new ProcessKubelet(options);
        Runtime.getRuntime().addShutdownHook(new Thread(kubelet::stop, "kubelet-shutdown"));
        kubelet.run();
    }

    private void run() throws Exception {
        Files.createDirectories(options.rootDir().resolve("pods"));
        PodAddresses addresses = new PodAddresses(options.podCidr(), options.nodeIp());
        HostsFile hosts = new HostsFile(options.hostsFile());
        killLeftovers();
        addresses.releaseLeftovers();
        hosts.clear();
        context = new KubeletContext(client, options, addresses,
                ImageCatalog.load(options.imagesFile(), options.repoRoot()),
                new ContainerEnvironment(client, options.nodeIp(), options.apiPort()),
                hosts, new Events(client, options.nodeName()), this::onFinished);

        NodeAgent node = new NodeAgent(client, options);
        node.register();
        node.renewLease();
        heartbeat.scheduleWithFixedDelay(node::renewLease, 10, 10, TimeUnit.SECONDS);
        heartbeat.scheduleWithFixedDelay(() -> {
            try {
                node.reportStatus();
            } catch (RuntimeException e) {
                Log.warn("node-status-failed", "error", e.getMessage());
            }
        }, 60, 60, TimeUnit.SECONDS);

        provisioner = new LocalPathProvisioner(provisionerClient, options.nodeName(),
                options.rootDir().resolve("persistent-volumes"));
        provisioner.start();

        server = new KubeletServer(options, this::logFileOf);
        server.start();

        pods = client.pods().inAnyNamespace().withField("spec.nodeName", options.nodeName())
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Pod pod) {
                        admitOrUpdate(pod);
                    }

                    @Override
                    public void onUpdate(Pod old, Pod pod) {
                        admitOrUpdate(pod);
                    }

                    @Override
                    public void onDelete(Pod pod, boolean unknownFinalState) {
                        PodWorker worker = workers.get(pod.getMetadata().getUid());
                        if (worker != null) {
                            worker.onDeletedFromApi();
                        }
                    }
                }, 60_000);
        Log.info("kubelet-started", "node", options.nodeName(), "nodeIP", options.nodeIp(), "podCIDR", options.podCidr(),
                "port", options.port());
        Thread.currentThread().join();
    }

    private void admitOrUpdate(Pod pod) {
        String uid = pod.getMetadata().getUid();
        PodWorker worker = workers.get(uid);
        if (worker != null) {
            worker.update(pod);
            return;
        }
        if (finished.contains(uid)) {
            return;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if (pod.getMetadata().getDeletionTimestamp() != null || "Succeeded".equals(phase) || "Failed".equals(phase)) {
            // Not running here (a restarted kubelet sees it again): nothing to stop; a deleted one is removed.
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                try {
                    client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                            .withGracePeriod(0).delete();
                } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                    Log.warn("pod-delete-failed", "pod", pod.getMetadata().getName(), "code", e.getCode());
                }
            }
            return;
        }
        PodWorker created = new PodWorker(context, pod);
        workers.put(uid, created);
        uidByPod.put(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName(), uid);
        created.start();
    }

    private void onFinished(String uid) {
        finished.add(uid);
        workers.remove(uid);
        uidByPod.values().remove(uid);
    }

    private Optional<Path> logFileOf(String pod, String container) {
        String uid = uidByPod.get(pod);
        PodWorker worker = uid == null ? null : workers.get(uid);
        return worker == null ? Optional.empty() : Optional.of(worker.logFile(container));
    }

    /** Processes of pods a previous kubelet ran (it died with kill -9): nothing may be left behind. */
    private void killLeftovers() throws IOException {
        Path podsDir = options.rootDir().resolve("pods");
        try (DirectoryStream<Path> podDirs = Files.newDirectoryStream(podsDir)) {
            for (Path podDir : podDirs) {
                try (DirectoryStream<Path> pidFiles = Files.newDirectoryStream(podDir, "*.pid")) {
                    for (Path pidFile : pidFiles) {
                        long pid = Long.parseLong(Files.readString(pidFile).strip());
                        ProcessHandle.of(pid).ifPresent(p -> {
                            p.descendants().forEach(ProcessHandle::destroyForcibly);
                            p.destroyForcibly();
                            Log.info("leftover-process-killed", "pid", pid, "podDir", podDir.getFileName());
                        });
                        Files.delete(pidFile);
                    }
                } catch (NumberFormatException e) {
                    Log.warn("leftover-pid-unreadable", "dir", podDir, "error", e.getMessage());
                }
            }
        }
    }

    private void stop() {
        Log.info("kubelet-stopping", "pods", workers.size());
        if (pods != null) {
            pods.close();
        }
        workers.values().forEach(w -> w.shutdown(SHUTDOWN_GRACE));
        Instant deadline = Instant.now().plus(SHUTDOWN_GRACE).plusSeconds(5);
        while (!workers.isEmpty() && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (context != null) {
            context.hosts().clear();
        }
        if (provisioner != null) {
            provisioner.close();
        }
        if (server != null) {
            server.close();
        }
        heartbeat.shutdownNow();
        Log.info("kubelet-stopped", "podsLeft", workers.size());
    }

    private static KubernetesClient clientFor(Path kubeconfig) throws IOException {
        Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
