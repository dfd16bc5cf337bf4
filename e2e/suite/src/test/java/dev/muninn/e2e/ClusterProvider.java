package dev.muninn.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.net.URI;
import java.nio.file.Path;

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
