package dev.muninn.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import net.ravendb.client.documents.DocumentStore;
import net.ravendb.client.documents.session.IDocumentSession;

/**
 * The operator on the real local control plane: its CRDs accepted by the API server (which refuses a cluster of
 * zero nodes with the schema's message), a MuninnCluster of three becoming three pods with claims that bootstrap one
 * Raft cluster, Ready in its status with every node's tag and URL; a MuninnDatabase with replication factor 3 on all
 * three, written and read by the official client, and deleted with its resource under {@code deletionPolicy:
 * Delete}; events tell each step. The operator runs as a process with the control plane's kubeconfig.
 */
class OperatorIT {
    private static final ResourceDefinitionContext CLUSTERS = new ResourceDefinitionContext.Builder()
            .withGroup("muninn.dev").withVersion("v1alpha1").withKind("MuninnCluster").withPlural("muninnclusters")
            .withNamespaced(true).build();
    private static final ResourceDefinitionContext DATABASES = new ResourceDefinitionContext.Builder()
            .withGroup("muninn.dev").withVersion("v1alpha1").withKind("MuninnDatabase").withPlural("muninndatabases")
            .withNamespaced(true).build();
    private static ClusterProvider cluster;
    private static KubernetesClient client;
    private static String namespace;
    private static Process operator;
    private static Path repoRoot;

    @BeforeAll
    static void start() throws IOException {
        cluster = ClusterProvider.fromSystemProperties();
        org.junit.jupiter.api.Assumptions.assumeTrue(cluster instanceof LocalProcessCluster,
                "the operator runs as a local process here; on kind it is installed by the chart");
        repoRoot = Path.of(System.getProperty("muninn.repo.root", "../..")).toAbsolutePath().normalize();
        client = cluster.client();
        try (Stream<Path> crds = Files.list(repoRoot.resolve("crds"))) {
            for (Path crd : crds.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                client.load(Files.newInputStream(crd)).forceConflicts().serverSideApply();
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> client.apiextensions().v1().customResourceDefinitions()
                .withName("muninnclusters.muninn.dev").get().getStatus().getConditions().stream()
                .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus())));
        namespace = "operator-it-" + UUID.randomUUID().toString().substring(0, 6);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                .create();
        Path log = repoRoot.resolve("e2e/suite/target/operator.log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder("java", "-jar",
                repoRoot.resolve("operator/target/quarkus-app/quarkus-run.jar").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("KUBECONFIG", ((LocalProcessCluster) cluster).home().resolve("admin.kubeconfig")
                .toString());
        builder.environment().put("MUNINN_OPERATOR_HTTP_PORT", "18181");
        operator = builder.start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (client != null && namespace != null) {
            client.namespaces().withName(namespace).delete();
        }
        if (operator != null) {
            operator.destroy();
            operator.waitFor();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static GenericKubernetesResource muninnCluster(String name, int nodes) {
        GenericKubernetesResource resource = new GenericKubernetesResource();
        resource.setApiVersion("muninn.dev/v1alpha1");
        resource.setKind("MuninnCluster");
        resource.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name)
                .withNamespace(namespace).build());
        resource.setAdditionalProperty("spec", Map.of("nodes", nodes, "storage", Map.of("size", "1Gi"),
                "settings", Map.of("Cluster.TimeBeforeMovingToRehabInSec", "10")));
        return resource;
    }

    @Test
    void aClusterOfThreeBecomesReadyAndServesTheOfficialClient() {
        assertThatThrownBy(() -> client.genericKubernetesResources(CLUSTERS).inNamespace(namespace)
                .resource(muninnCluster("none", 0)).create())
                .isInstanceOf(KubernetesClientException.class).hasMessageContaining("spec.nodes");

        long applied = System.nanoTime();
        client.genericKubernetesResources(CLUSTERS).inNamespace(namespace).resource(muninnCluster("raven", 3)).create();
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() -> "Ready".equals(
                status("raven").get("phase")));
        System.out.printf("OPERATOR MuninnCluster of 3 Ready %.1f s after it was applied%n",
                (System.nanoTime() - applied) / 1e9);

        Map<String, Object> status = status("raven");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> nodes = (List<Map<String, Object>>) status.get("nodes");
        assertThat(nodes).extracting(n -> n.get("tag")).containsExactly("A", "B", "C");
        assertThat(nodes).extracting(n -> n.get("name")).containsExactly("raven-0", "raven-1", "raven-2");
        assertThat(nodes).allSatisfy(n -> assertThat(n.get("ready")).isEqualTo(true));
        assertThat(status.get("leader")).isIn("A", "B", "C");
        assertThat(client.persistentVolumeClaims().inNamespace(namespace).list().getItems()).hasSize(3);
        assertThat(client.v1().events().inNamespace(namespace).list().getItems())
                .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("MembershipChanged"));

        GenericKubernetesResource database = new GenericKubernetesResource();
        database.setApiVersion("muninn.dev/v1alpha1");
        database.setKind("MuninnDatabase");
        database.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("orders")
                .withNamespace(namespace).build());
        database.setAdditionalProperty("spec", Map.of("clusterRef", Map.of("name", "raven"), "replicationFactor", 3,
                "deletionPolicy", "Delete"));
        client.genericKubernetesResources(DATABASES).inNamespace(namespace).resource(database).create();
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<String, Object> dbStatus = status(DATABASES, "orders");
            assertThat(String.valueOf(dbStatus.get("conditions"))).contains("AllMembersServing");
        });
        @SuppressWarnings("unchecked")
        Map<String, Object> topology = (Map<String, Object>) status(DATABASES, "orders").get("topology");
        assertThat((List<Object>) topology.get("members")).containsExactlyInAnyOrder("A", "B", "C");

        String[] urls = nodes.stream().map(n -> (String) n.get("url")).toArray(String[]::new);
        try (DocumentStore store = new DocumentStore(urls, "orders")) {
            store.initialize();
            try (IDocumentSession session = store.openSession()) {
                session.store(Map.of("Total", 42), "orders/1");
                session.saveChanges();
            }
        }
        for (String url : urls) {
            try (DocumentStore store = new DocumentStore(url, "orders")) {
                store.getConventions().setDisableTopologyUpdates(true);
                store.initialize();
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    try (IDocumentSession session = store.openSession()) {
                        return session.load(Map.class, "orders/1") != null;
                    }
                });
            }
        }

        // deletionPolicy: Delete — deleting the resource deletes the database (through the finalizer).
        client.genericKubernetesResources(DATABASES).inNamespace(namespace).withName("orders").delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> client.genericKubernetesResources(DATABASES)
                .inNamespace(namespace).withName("orders").get() == null);
        try (DocumentStore store = new DocumentStore(urls, null)) {
            store.initialize();
            assertThat(store.maintenance().server().send(new net.ravendb.client.serverwide.operations
                    .GetDatabaseRecordOperation("orders"))).isNull();
        }
    }

    private static Map<String, Object> status(String name) {
        return status(CLUSTERS, name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(ResourceDefinitionContext kind, String name) {
        GenericKubernetesResource resource = client.genericKubernetesResources(kind).inNamespace(namespace)
                .withName(name).get();
        Object status = resource == null ? null : resource.getAdditionalProperties().get("status");
        return status instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
