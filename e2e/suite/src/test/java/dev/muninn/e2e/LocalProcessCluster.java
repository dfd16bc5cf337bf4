package dev.muninn.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local control plane ({@code ./muninn k8s}). A cluster that already runs is used as it is and left running;
 * otherwise one is started (building the binaries on the first run) and stopped with {@code down --purge}.
 */
final class LocalProcessCluster implements ClusterProvider {
    private final Path repoRoot;
    private final boolean startedHere;
    private final KubernetesClient client;

    private LocalProcessCluster(Path repoRoot, boolean startedHere) {
        this.repoRoot = repoRoot;
        this.startedHere = startedHere;
        try {
            this.client = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(home(repoRoot).resolve("admin.kubeconfig"))))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LocalProcessCluster startOrReuse(Path repoRoot) {
        if (alive(home(repoRoot).resolve("run/kube-apiserver.pid")) && alive(home(repoRoot).resolve("run/kubelet.pid"))) {
            return new LocalProcessCluster(repoRoot, false);
        }
        run(repoRoot, 45, "up");
        return new LocalProcessCluster(repoRoot, true);
    }

    static Path home(Path repoRoot) {
        String configured = System.getenv("MUNINN_K8S_HOME");
        return configured != null ? Path.of(configured) : repoRoot.resolve(".k8s");
    }

    boolean startedHere() {
        return startedHere;
    }

    Path home() {
        return home(repoRoot);
    }

    /** Runs {@code ./muninn k8s <args>}, its output going to the test's, and fails on a non-zero exit. */
    static void run(Path repoRoot, int timeoutMinutes, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(repoRoot.resolve("muninn").toString(), "k8s"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(repoRoot.toFile()).inheritIO().start();
            if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeoutMinutes + " min");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + process.exitValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean alive(Path pidFile) {
        try {
            return Files.exists(pidFile)
                    && ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public KubernetesClient client() {
        return client;
    }

    @Override
    public URI podUri(Pod pod, int port) {
        return URI.create("http://" + pod.getStatus().getPodIP() + ":" + port);
    }

    /** The helm the control plane's build script made (built once, cached with the Kubernetes binaries). */
    @Override
    public List<String> helmCommand() {
        return List.of(binary("helm"), "--kubeconfig", home().resolve("admin.kubeconfig").toString());
    }

    @Override
    public List<String> kubectlCommand() {
        return List.of(binary("kubectl"), "--kubeconfig", home().resolve("admin.kubeconfig").toString());
    }

    private String binary(String name) {
        try {
            Process build = new ProcessBuilder(repoRoot.resolve("muninn").toString(), "k8s", "build")
                    .directory(repoRoot.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String bin = new String(build.getInputStream().readAllBytes()).strip();
            if (build.waitFor() != 0 || bin.isEmpty()) {
                throw new IllegalStateException("./muninn k8s build failed");
            }
            return Path.of(bin, name).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean podsAreLocalProcesses() {
        return true;
    }

    /** Stops the cluster if this test run started it. */
    @Override
    public void close() {
        client.close();
        if (startedHere) {
            run(repoRoot, 3, "down", "--purge");
        }
    }
}
