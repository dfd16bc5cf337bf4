package dev.muninn.e2e;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The control plane does what the operator will rely on, with the real controllers: a node that is Ready, a
 * Deployment and a StatefulSet with volume claims that come up, pods reachable on their own IPs and names, a
 * deleted pod that comes back with its data, a liveness failure that restarts a container, a deleted claim whose
 * data is gone; and on this machine, {@code ./muninn k8s down} leaves no process behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControlPlaneIT {
    private static final Duration UP = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static ClusterProvider cluster;
    private static KubernetesClient client;
    private static String namespace;

    @BeforeAll
    static void connect() {
        cluster = ClusterProvider.fromSystemProperties();
        client = cluster.client();
        namespace = "control-plane-it-" + UUID.randomUUID().toString().substring(0, 6);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                .create();
        // The ServiceAccount controller creates "default" in a new namespace; pods are refused until it exists.
        await().atMost(UP).until(() -> client.serviceAccounts().inNamespace(namespace).withName("default").get() != null);
    }

    @AfterAll
    static void disconnect() {
        if (client != null && namespace != null && !(cluster instanceof LocalProcessCluster local && local.startedHere())) {
            client.namespaces().withName(namespace).delete();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void theNodeIsReady() {
        await().atMost(UP).untilAsserted(() -> assertThat(client.nodes().list().getItems())
                .anySatisfy(node -> assertThat(node.getStatus().getConditions())
                        .anySatisfy(c -> {
                            assertThat(c.getType()).isEqualTo("Ready");
                            assertThat(c.getStatus()).isEqualTo("True");
                        })));
    }

    @Test
    @Order(2)
    void aDeploymentOfAnHttpProcessComesUp() throws Exception {
        apply("test-http-deployment.yaml");
        await().atMost(UP).untilAsserted(() -> {
            Deployment deployment = client.apps().deployments().inNamespace(namespace).withName("test-http-web").get();
            assertThat(deployment.getStatus().getAvailableReplicas()).isEqualTo(2);
        });
        List<Pod> pods = client.pods().inNamespace(namespace).withLabel("app", "test-http-web").list().getItems();
        assertThat(pods).hasSize(2);
        for (Pod pod : pods) {
            assertThat(get(pod, "/healthz").statusCode()).isEqualTo(200);
        }
    }

    @Test
    @Order(3)
    void aStatefulSetWithVolumeClaimsComesUpWithEachPodOnItsOwnAddressAndVolume() throws Exception {
        apply("test-http-statefulset.yaml");
        awaitStatefulSetReady(3);
        Set<String> ips = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            Pod pod = pod("test-http-" + i);
            ips.add(pod.getStatus().getPodIP());
            assertThat(client.persistentVolumeClaims().inNamespace(namespace).withName("data-test-http-" + i).get()
                    .getStatus().getPhase()).isEqualTo("Bound");
            assertThat(put(pod, "/kv/greeting", "hello from " + i).statusCode()).isEqualTo(204);
        }
        assertThat(ips).hasSize(3);
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> answer = get(pod("test-http-" + i), "/kv/greeting");
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("hello from " + i);
        }
    }

    @Test
    @Order(4)
    void podsFindEachOtherByNameAndReachTheApiServerWithTheirServiceAccount() throws Exception {
        Pod first = pod("test-http-0");
        Pod second = pod("test-http-1");
        String name = "test-http-1.test-http." + namespace + ".svc.cluster.local";
        assertThat(get(first, "/resolve/" + name).body()).isEqualTo(second.getStatus().getPodIP());
        assertThat(get(first, "/whoami").body()).startsWith("test-http-0 ");
        HttpResponse<String> review = get(first, "/whoami-api");
        assertThat(review.statusCode()).isEqualTo(201);
        assertThat(review.body()).contains("\"username\":\"system:serviceaccount:" + namespace + ":default\"");
    }

    @Test
    @Order(5)
    void aDeletedPodComesBackWithTheSameData() throws Exception {
        Pod before = pod("test-http-1");
        client.pods().inNamespace(namespace).withName("test-http-1").delete();
        await().atMost(UP).untilAsserted(() -> {
            Pod after = pod("test-http-1");
            assertThat(after).isNotNull();
            assertThat(after.getMetadata().getUid()).isNotEqualTo(before.getMetadata().getUid());
            assertThat(ready(after)).isTrue();
        });
        HttpResponse<String> answer = get(pod("test-http-1"), "/kv/greeting");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("hello from 1");
    }

    @Test
    @Order(6)
    void aFailingLivenessProbeRestartsTheContainer() throws Exception {
        Pod pod = pod("test-http-0");
        assertThat(restarts(pod)).isZero();
        assertThat(post(pod, "/break").statusCode()).isEqualTo(200);
        await().atMost(UP).untilAsserted(() -> {
            Pod now = pod("test-http-0");
            assertThat(restarts(now)).isEqualTo(1);
            assertThat(ready(now)).isTrue();
            assertThat(now.getStatus().getContainerStatuses().get(0).getLastState().getTerminated().getExitCode())
                    .isIn(137, 143);
        });
        assertThat(get(pod("test-http-0"), "/healthz").statusCode()).isEqualTo(200);
        assertThat(get(pod("test-http-0"), "/kv/greeting").body()).isEqualTo("hello from 0");
    }

    @Test
    @Order(7)
    void aDeletedClaimTakesItsVolumeWithIt() {
        client.apps().statefulSets().inNamespace(namespace).withName("test-http").scale(2);
        await().atMost(UP).until(() -> pod("test-http-2") == null);
        String volume = client.persistentVolumeClaims().inNamespace(namespace).withName("data-test-http-2").get()
                .getSpec().getVolumeName();
        var source = client.persistentVolumes().withName(volume).get().getSpec().getHostPath();
        if (cluster.podsAreLocalProcesses()) {
            assertThat(Path.of(source.getPath()).resolve("greeting")).hasContent("hello from 2");
        }
        client.persistentVolumeClaims().inNamespace(namespace).withName("data-test-http-2").delete();
        await().atMost(UP).until(() -> client.persistentVolumes().withName(volume).get() == null);
        if (cluster.podsAreLocalProcesses()) {
            assertThat(Path.of(source.getPath())).doesNotExist();
        }
    }

    @Test
    @Order(8)
    void downLeavesNoProcessBehind() throws Exception {
        assumeTrue(cluster instanceof LocalProcessCluster local && local.startedHere(),
                "only when this run started the local cluster");
        LocalProcessCluster local = (LocalProcessCluster) cluster;
        List<Long> pids = new ArrayList<>();
        try (var files = Files.list(local.home().resolve("run"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
                pids.add(Long.parseLong(Files.readString(file).strip()));
            }
        }
        assertThat(pids).hasSize(5);
        for (Pod pod : client.pods().inAnyNamespace().list().getItems()) {
            pod.getStatus().getContainerStatuses().stream()
                    .filter(s -> s.getContainerID() != null && s.getState().getRunning() != null)
                    .forEach(s -> pids.add(Long.parseLong(s.getContainerID().replace("process://", ""))));
        }
        assertThat(pids).hasSizeGreaterThanOrEqualTo(5 + 4);
        assertThat(pids).allMatch(pid -> ProcessHandle.of(pid).isPresent());
        cluster.close();
        cluster = null;
        client = null;
        assertThat(pids).noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertThat(Files.readString(Path.of("/etc/hosts"))).doesNotContain("muninn-local-k8s");
        Process addresses = new ProcessBuilder("ip", "-o", "-4", "addr", "show", "dev", "lo").start();
        assertThat(new String(addresses.getInputStream().readAllBytes())).doesNotContain(" 10.244.");
        assertThat(local.home()).doesNotExist();
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static void apply(String manifest) throws IOException {
        Path file = Path.of(System.getProperty("muninn.repo.root", "../..")).resolve("e2e/manifests").resolve(manifest);
        try (InputStream in = Files.newInputStream(file)) {
            for (HasMetadata item : client.load(in).items()) {
                item.getMetadata().setNamespace(namespace);
                client.resource(item).inNamespace(namespace).create();
            }
        }
    }

    private static void awaitStatefulSetReady(int replicas) {
        await().atMost(UP).untilAsserted(() -> {
            StatefulSet set = client.apps().statefulSets().inNamespace(namespace).withName("test-http").get();
            assertThat(set.getStatus().getReadyReplicas()).isEqualTo(replicas);
        });
    }

    private static Pod pod(String name) {
        return client.pods().inNamespace(namespace).withName(name).get();
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
    }

    private static int restarts(Pod pod) {
        return pod.getStatus().getContainerStatuses().get(0).getRestartCount();
    }

    private static HttpResponse<String> get(Pod pod, String path) throws Exception {
        return send(pod, path, HttpRequest.newBuilder().GET());
    }

    private static HttpResponse<String> put(Pod pod, String path, String body) throws Exception {
        return send(pod, path, HttpRequest.newBuilder().PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpResponse<String> post(Pod pod, String path) throws Exception {
        return send(pod, path, HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.noBody()));
    }

    private static HttpResponse<String> send(Pod pod, String path, HttpRequest.Builder request) throws Exception {
        URI base = cluster.podUri(pod, 8080);
        return HTTP.send(request.uri(base.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
