package dev.muninn.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The cluster an end-to-end test runs against: the local control plane with the process kubelet (this machine)
 * or kind (machines with Docker). Chosen by {@code -Dmuninn.e2e.provider=local|kind}; the tests are the same.
 */
interface ClusterProvider extends AutoCloseable {

    String name();

    KubernetesClient client();

    /** Where a test reaches a pod's port: its pod IP here, a port-forward on kind. */
    URI podUri(Pod pod, int port);

    /** Whether pods are processes on this machine (their PIDs and addresses can be checked). */
    boolean podsAreLocalProcesses();

    /** The command line of a Helm client pointed at this cluster; arguments follow it. */
    List<String> helmCommand();

    /** The command line of a kubectl pointed at this cluster; arguments follow it. */
    List<String> kubectlCommand();

    /** Runs Helm against this cluster and fails with its output unless it succeeds within the timeout. */
    default String helm(Duration timeout, String... args) {
        return run(helmCommand(), timeout, args);
    }

    /** Runs kubectl against this cluster (what a person would type) and returns its output. */
    default String kubectl(String... args) {
        return run(kubectlCommand(), Duration.ofMinutes(1), args);
    }

    private static String run(List<String> prefix, Duration timeout, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(process.getInputStream().readAllBytes());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeout);
            }
            String text = output.join();
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "):\n"
                        + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    void close();

    static ClusterProvider fromSystemProperties() {
        Path repoRoot = Path.of(System.getProperty("muninn.repo.root", "../..")).toAbsolutePath().normalize();
        String provider = System.getProperty("muninn.e2e.provider", "local");
        return switch (provider) {
            case "local" -> LocalProcessCluster.startOrReuse(repoRoot);
            case "kind" -> KindCluster.connect(System.getProperty("muninn.e2e.kind.cluster", "muninn-e2e"));
            default -> throw new IllegalArgumentException("muninn.e2e.provider must be local or kind, got " + provider);
        };
    }
}
