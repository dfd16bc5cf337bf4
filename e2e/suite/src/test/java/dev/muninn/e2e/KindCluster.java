package dev.muninn.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.LocalPortForward;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A kind cluster made by {@code e2e/kind/up.sh} (images built and loaded there). Pod IPs live inside Docker's
 * network, so tests reach pods through port-forwards, which kind's kubelet serves.
 */
final class KindCluster implements ClusterProvider {
    private final KubernetesClient client;
    private final List<LocalPortForward> forwards = new ArrayList<>();

    private final String clusterName;

    private KindCluster(KubernetesClient client, String clusterName) {
        this.client = client;
        this.clusterName = clusterName;
    }

    static KindCluster connect(String clusterName) {
        try {
            Process process = new ProcessBuilder("kind", "get", "kubeconfig", "--name", clusterName).start();
            String kubeconfig = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0 || kubeconfig.isBlank()) {
                throw new IllegalStateException("no kind cluster " + clusterName + ": run e2e/kind/up.sh first");
            }
            return new KindCluster(new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build(),
                    clusterName);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String name() {
        return "kind";
    }

    @Override
    public KubernetesClient client() {
        return client;
    }

    @Override
    public synchronized URI podUri(Pod pod, int port) {
        LocalPortForward forward = client.pods().inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName()).portForward(port);
        forwards.add(forward);
        return URI.create("http://127.0.0.1:" + forward.getLocalPort());
    }

    @Override
    public List<String> helmCommand() {
        return List.of("helm", "--kube-context", "kind-" + clusterName);
    }

    @Override
    public List<String> kubectlCommand() {
        return List.of("kubectl", "--context", "kind-" + clusterName);
    }

    @Override
    public boolean podsAreLocalProcesses() {
        return false;
    }

    @Override
    public void close() {
        for (LocalPortForward forward : forwards) {
            try {
                forward.close();
            } catch (IOException e) {
                // Already closed with its pod.
            }
        }
        client.close();
    }
}
