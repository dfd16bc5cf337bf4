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
import java.util.ArrayList;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import net.ravendb.client.documents.DocumentStore;
import net.ravendb.client.documents.IDocumentStore;
import net.ravendb.client.documents.session.IDocumentSession;
import net.ravendb.client.serverwide.DatabaseRecordWithEtag;
import net.ravendb.client.serverwide.operations.GetDatabaseRecordOperation;

/**
 * The operator on the real local control plane: its CRDs accepted by the API server (which refuses a cluster of
 * zero nodes with the schema's message), a MuninnCluster of three becoming three pods with claims that bootstrap one
 * Raft cluster, Ready in its status with every node's tag and URL; a MuninnDatabase with replication factor 3 on all
 * three, written and read by the official client, and deleted with its resource under {@code deletionPolicy:
 * Delete}; events tell each step. The operator is installed with the Helm chart and runs as a pod under the chart's
 * least-privilege role, so the API server's RBAC judges every call it makes.
 */
class OperatorIT {
    private static final ResourceDefinitionContext CLUSTERS = new ResourceDefinitionContext.Builder()
            .withGroup("muninn.dev").withVersion("v1alpha1").withKind("MuninnCluster").withPlural("muninnclusters")
            .withNamespaced(true).build();
    private static final ResourceDefinitionContext DATABASES = new ResourceDefinitionContext.Builder()
            .withGroup("muninn.dev").withVersion("v1alpha1").withKind("MuninnDatabase").withPlural("muninndatabases")
            .withNamespaced(true).build();
    private static final ResourceDefinitionContext BACKUP_SCHEDULES = new ResourceDefinitionContext.Builder()
            .withGroup("muninn.dev").withVersion("v1alpha1").withKind("MuninnBackupSchedule")
            .withPlural("muninnbackupschedules").withNamespaced(true).build();
    private static final ResourceDefinitionContext BACKUPS = new ResourceDefinitionContext.Builder()
            .withGroup("muninn.dev").withVersion("v1alpha1").withKind("MuninnBackup").withPlural("muninnbackups")
            .withNamespaced(true).build();
    private static final ResourceDefinitionContext CLIENT_CERTIFICATES = new ResourceDefinitionContext.Builder()
            .withGroup("muninn.dev").withVersion("v1alpha1").withKind("MuninnClientCertificate")
            .withPlural("muninnclientcertificates").withNamespaced(true).build();
    private static final ResourceDefinitionContext RESTORES = new ResourceDefinitionContext.Builder()
            .withGroup("muninn.dev").withVersion("v1alpha1").withKind("MuninnRestore").withPlural("muninnrestores")
            .withNamespaced(true).build();
    private static ClusterProvider cluster;
    private static KubernetesClient client;
    private static String namespace;
    private static String release;
    private static Path repoRoot;

    @BeforeAll
    static void start() throws IOException {
        cluster = ClusterProvider.fromSystemProperties();
        org.junit.jupiter.api.Assumptions.assumeTrue(cluster.podsAreLocalProcesses(),
                "the scenario kills node processes by their PID");
        repoRoot = Path.of(System.getProperty("muninn.repo.root", "../..")).toAbsolutePath().normalize();
        client = cluster.client();
        namespace = "operator-it-" + UUID.randomUUID().toString().substring(0, 6);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                .create();
        // As a user installs it: the chart's CRDs, its least-privilege role bound in the scenario's namespace only,
        // and the operator as a pod of image muninn/operator running under its own service account.
        release = "ops-" + namespace.substring(namespace.length() - 6);
        cluster.helm(Duration.ofMinutes(4), "install", release, repoRoot.resolve("charts/muninn-operator").toString(),
                "--namespace", namespace, "--set", "watchNamespaces={" + namespace + "}",
                "--set", "javaOptions=-Xmx256m", "--wait", "--timeout", "3m");
        // Helm installs CRDs only when they are absent; a control plane reused across builds gets this build's.
        try (Stream<Path> crds = Files.list(repoRoot.resolve("crds"))) {
            for (Path crd : crds.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                client.load(Files.newInputStream(crd)).forceConflicts().serverSideApply();
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> client.apiextensions().v1().customResourceDefinitions()
                .withName("muninnclusters.muninn.dev").get().getStatus().getConditions().stream()
                .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus())));
        assertThat(client.pods().inNamespace(namespace).withLabel("app.kubernetes.io/name", "muninn-operator").list()
                .getItems()).singleElement().satisfies(pod -> assertThat(pod.getSpec().getServiceAccountName())
                        .isEqualTo(release + "-muninn-operator"));
    }

    @AfterAll
    static void stop() throws IOException {
        if (client != null && namespace != null) {
            saveOperatorLog();
            if (release != null) {
                cluster.helm(Duration.ofMinutes(2), "uninstall", release, "--namespace", namespace, "--wait");
            }
            // With the operator gone, resources that still carry its finalizer would hold the namespace in
            // Terminating for good (and keep the API server busy retrying): let them go.
            for (ResourceDefinitionContext kind : List.of(CLUSTERS, DATABASES, BACKUP_SCHEDULES, BACKUPS, RESTORES,
                    CLIENT_CERTIFICATES)) {
                for (GenericKubernetesResource left : client.genericKubernetesResources(kind).inNamespace(namespace)
                        .list().getItems()) {
                    client.genericKubernetesResources(kind).inNamespace(namespace).withName(left.getMetadata()
                            .getName()).edit(r -> {
                                r.getMetadata().setFinalizers(List.of());
                                return r;
                            });
                }
            }
            client.namespaces().withName(namespace).delete();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Every pod's output (the operator's and the nodes'), kept beside the test reports: the pods go with the namespace. */
    private static void saveOperatorLog() throws IOException {
        Path logs = repoRoot.resolve("e2e/suite/target/operator-it-logs");
        Files.createDirectories(logs);
        for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
            String name = pod.getMetadata().getName();
            String text;
            try {
                text = client.pods().inNamespace(namespace).withName(name).getLog();
            } catch (KubernetesClientException e) {
                text = "no log of " + name + ": " + e.getMessage();
            }
            String file = name.contains("muninn-operator") ? "operator.log" : name + ".log";
            Files.writeString(logs.resolve(file), text);
        }
    }

    private static GenericKubernetesResource muninnCluster(String name, int nodes) {
        GenericKubernetesResource resource = new GenericKubernetesResource();
        resource.setApiVersion("muninn.dev/v1alpha1");
        resource.setKind("MuninnCluster");
        resource.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name)
                .withNamespace(namespace).build());
        resource.setAdditionalProperty("spec", Map.of("nodes", nodes, "storage", Map.of("size", "1Gi"),
                "settings", Map.of("Cluster.TimeBeforeMovingToRehabInSec", "10"),
                "backupVolume", Map.of("claimName", "backups")));
        return resource;
    }

    @Test
    void theOperatorHoldsOnlyItsChartsRole() {
        String user = "system:serviceaccount:" + namespace + ":" + release + "-muninn-operator";
        assertThat(allowed(user, namespace, "", "pods", "create")).isTrue();
        assertThat(allowed(user, namespace, "muninn.dev", "muninnclusters/status", "patch")).isTrue();
        assertThat(allowed(user, namespace, "", "secrets", "get")).isTrue();
        // Least privilege, as the API server's RBAC judges it.
        assertThat(allowed(user, namespace, "", "secrets", "list")).as("list secrets").isFalse();
        assertThat(allowed(user, namespace, "", "pods", "patch")).as("patch pods").isFalse();
        assertThat(allowed(user, namespace, "apps", "statefulsets", "create")).as("create statefulsets").isFalse();
        assertThat(allowed(user, namespace, "rbac.authorization.k8s.io", "roles", "create")).as("create roles")
                .isFalse();
        assertThat(allowed(user, "default", "", "pods", "create")).as("pods outside the watched namespace").isFalse();
        assertThat(allowed(user, "default", "muninn.dev", "muninnclusters", "list")).as("clusters elsewhere")
                .isFalse();
        assertThat(allowed(user, null, "", "nodes", "get")).as("nodes").isFalse();
        // Leader election: its Lease in its own namespace, nowhere else.
        assertThat(allowed(user, namespace, "coordination.k8s.io", "leases", "update")).isTrue();
        assertThat(allowed(user, "default", "coordination.k8s.io", "leases", "update")).as("leases elsewhere")
                .isFalse();
    }

    private static boolean allowed(String user, String inNamespace, String group, String resource, String verb) {
        String[] parts = resource.split("/");
        return client.authorization().v1().subjectAccessReview().create(new SubjectAccessReviewBuilder()
                .withNewSpec().withUser(user).withGroups("system:serviceaccounts", "system:serviceaccounts:" + namespace,
                        "system:authenticated")
                .withNewResourceAttributes().withNamespace(inNamespace).withGroup(group).withResource(parts[0])
                .withSubresource(parts.length > 1 ? parts[1] : null).withVerb(verb).endResourceAttributes()
                .endSpec().build()).getStatus().getAllowed();
    }

    @Test
    void theExamplesAreAcceptedByTheApiServer() throws IOException {
        // A namespace of their own: the scenario's cluster has the examples' names.
        String examplesNamespace = namespace + "-examples";
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(examplesNamespace).endMetadata()
                .build()).create();
        try (Stream<Path> examples = Files.list(repoRoot.resolve("e2e/examples"))) {
            List<Path> files = examples.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            assertThat(files).hasSizeGreaterThanOrEqualTo(6);
            for (Path example : files) {
                // A server-side dry run: the CRD schema and its rules judge the example, nothing is stored.
                client.load(Files.newInputStream(example)).inNamespace(examplesNamespace).dryRun().create();
            }
        } finally {
            client.namespaces().withName(examplesNamespace).delete();
        }
        assertThatThrownBy(() -> client.genericKubernetesResources(RESTORES).inNamespace(namespace).resource(resource(
                "MuninnRestore", "both", Map.of("clusterRef", Map.of("name", "raven"), "database", "x", "source",
                        Map.of("local", Map.of("path", "a"), "s3", Map.of("bucket", "b"))))).dryRun().create())
                .isInstanceOf(KubernetesClientException.class).hasMessageContaining("exactly one of local and s3");
    }

    @Test
    void theClusterScalesHealsAndKeepsEveryAcknowledgedWrite() throws Exception {
        assertThatThrownBy(() -> client.genericKubernetesResources(CLUSTERS).inNamespace(namespace)
                .resource(muninnCluster("none", 0)).create())
                .isInstanceOf(KubernetesClientException.class).hasMessageContaining("spec.nodes");

        // The backup volume every node mounts at /backups (local backup destinations and restore sources).
        client.persistentVolumeClaims().inNamespace(namespace).resource(new io.fabric8.kubernetes.api.model
                .PersistentVolumeClaimBuilder().withNewMetadata().withName("backups").endMetadata().withNewSpec()
                .withAccessModes("ReadWriteMany").withNewResources().addToRequests("storage",
                        new io.fabric8.kubernetes.api.model.Quantity("1Gi")).endResources().endSpec().build()).create();
        long applied = System.nanoTime();
        client.genericKubernetesResources(CLUSTERS).inNamespace(namespace).resource(muninnCluster("raven", 3)).create();
        awaitClusterReady(3, Duration.ofMinutes(4));
        report("MuninnCluster of 3 Ready", applied);

        Map<String, Object> status = status("raven");
        List<Map<String, Object>> nodes = nodes(status);
        assertThat(nodes).extracting(n -> n.get("tag")).containsExactly("A", "B", "C");
        assertThat(nodes).extracting(n -> n.get("name")).containsExactly("raven-0", "raven-1", "raven-2");
        assertThat(status.get("leader")).isIn("A", "B", "C");
        assertThat(nodeClaims()).hasSize(3);
        assertThat(reasons()).contains("MembershipChanged", "PodCreated");

        client.genericKubernetesResources(DATABASES).inNamespace(namespace).resource(muninnDatabase("orders", 3))
                .create();
        awaitDatabase("orders", 3, Duration.ofMinutes(1));
        assertThat(members("orders")).containsExactlyInAnyOrder("A", "B", "C");

        String[] urls = nodes.stream().map(n -> (String) n.get("url")).toArray(String[]::new);
        try (DocumentStore store = store(urls, "orders")) {
            store.initialize();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
                DatabaseRecordWithEtag record = store.maintenance().server().send(new GetDatabaseRecordOperation(
                        "orders"));
                assertThat(record.getConflictSolverConfig().isResolveToLatest()).isTrue();
                assertThat(record.getRevisions().getDefaultConfig().getMinimumRevisionsToKeep()).isEqualTo(5L);
            });
        }
        assertThat(reasons()).contains("ConflictSolverUpdated", "RevisionsUpdated");
        try (DocumentStore store = store(urls, "orders");
             AcknowledgedWriter writer = new AcknowledgedWriter(store)) {
            writer.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> writer.acknowledged().size() >= 20);

            long scaleUp = System.nanoTime();
            scale("raven", 5);
            awaitClusterReady(5, Duration.ofMinutes(4));
            report("scale 3 -> 5 Ready", scaleUp);
            // A second database placed by the cluster on the least loaded nodes: the new ones, which then leave.
            client.genericKubernetesResources(DATABASES).inNamespace(namespace).resource(muninnDatabase("events", 2))
                    .create();
            awaitDatabase("events", 2, Duration.ofMinutes(1));
            assertThat(members("events")).containsExactlyInAnyOrder("D", "E");
            writeEvents(urls, 50);

            // Scale 5 -> 3 just as B's pod is deleted: the nodes the cluster can best lose leave — B, which serves
            // nothing now, and of the equally loaded rest the highest ordinal that does not lead (E, or D when E
            // leads) — not simply the two highest ordinals. Their copies move to the nodes that stay first.
            long scaleDown = System.nanoTime();
            client.pods().inNamespace(namespace).withName("raven-1").delete();
            scale("raven", 3);
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    client.pods().inNamespace(namespace).withLabel("app.kubernetes.io/instance", "raven").list()
                            .getItems().size() == 3);
            awaitClusterReady(3, Duration.ofMinutes(2));
            awaitDatabase("events", 2, Duration.ofMinutes(2));
            report("scale 5 -> 3 done (B down, chosen to leave)", scaleDown);
            String chosen = events().stream().filter(e -> "ScaleDownChosen".equals(e.getReason()))
                    .map(e -> e.getMessage()).findFirst().orElseThrow();
            System.out.println("OPERATOR " + chosen);
            assertThat(chosen).as("the choice is announced").contains("B (not ready)").doesNotContain("the leader");
            String second = chosen.contains("E (") ? "E" : "D";
            assertThat(chosen).contains(second + " (1 database instance)");
            List<String> staying = nodes(status("raven")).stream().map(n -> (String) n.get("tag")).toList();
            assertThat(staying).as("B and " + second + " left").doesNotContain("B", second).hasSize(3);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(members("events"))
                    .allSatisfy(tag -> assertThat(tag).isIn(staying.toArray())));
            assertThat(members("orders")).containsExactlyInAnyOrderElementsOf(staying);
            assertThat(nodeClaims()).extracting(c -> c.getMetadata().getLabels().get("muninn.dev/node-tag"))
                    .containsExactlyInAnyOrderElementsOf(staying);
            assertThat(reasons()).contains("ScalingDown");
            assertEventsReadable(urls(), 50);
            List<String> podNames = nodes(status("raven")).stream().map(n -> (String) n.get("name")).toList();

            long podDeleted = System.nanoTime();
            String uid = client.pods().inNamespace(namespace).withName(podNames.get(1)).get().getMetadata().getUid();
            client.pods().inNamespace(namespace).withName(podNames.get(1)).delete();
            awaitPodReplacedAndClusterReady(podNames.get(1), uid);
            report("deleted pod healed", podDeleted);

            if (cluster.podsAreLocalProcesses()) {
                Pod victim = client.pods().inNamespace(namespace).withName(podNames.get(2)).get();
                long pid = Long.parseLong(victim.getStatus().getContainerStatuses().get(0).getContainerID()
                        .replace("process://", ""));
                int restarts = victim.getStatus().getContainerStatuses().get(0).getRestartCount();
                long killed = System.nanoTime();
                new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    Pod pod = client.pods().inNamespace(namespace).withName(podNames.get(2)).get();
                    return pod.getStatus().getContainerStatuses().get(0).getRestartCount() > restarts;
                });
                awaitClusterReady(3, Duration.ofMinutes(2));
                report("killed node process healed", killed);
            }

            // A lost volume: the claim and its pod go; the node comes back empty, is replaced in Raft, and the
            // databases it held are rebuilt from their other replicas.
            long volumeLost = System.nanoTime();
            client.persistentVolumeClaims().inNamespace(namespace).withName("data-" + podNames.get(1)).delete();
            client.pods().inNamespace(namespace).withName(podNames.get(1)).delete();
            // The pod back, its node started and ready for the 20 s grace before an empty node counts as lost.
            await().atMost(Duration.ofMinutes(2)).until(() -> reasons().contains("MembershipChanged")
                    && events().stream().anyMatch(e -> e.getMessage() != null && e.getMessage().contains(
                    "came back without its data")));
            awaitClusterReady(3, Duration.ofMinutes(3));
            awaitDatabase("orders", 3, Duration.ofMinutes(3));
            assertThat(members("orders")).containsExactlyInAnyOrderElementsOf(staying);
            report("lost volume healed, orders back on 3 members", volumeLost);

            rollingUpdate(podNames);
            demoteOneNodeToWatcher(staying);
            rotateNodeCertificate(nodePods().get(0).getMetadata().getName());

            writer.close();
            assertThat(writer.acknowledged()).hasSizeGreaterThan(100);
            System.out.printf("OPERATOR writes acknowledged %d, failed attempts %d%n", writer.acknowledged().size(),
                    writer.failures());
            writer.failureKinds.forEach((kind, count) -> System.out.printf("OPERATOR failed attempts %d: %s%n", count,
                    kind));
            // Pods that came back have new addresses: read them again.
            for (String url : nodes(status("raven")).stream().map(n -> (String) n.get("url")).toList()) {
                try (DocumentStore node = store(url, "orders")) {
                    node.getConventions().setDisableTopologyUpdates(true);
                    node.initialize();
                    // A rebuilt instance answers 410 (not relevant yet) until it is caught up and promoted.
                    await().atMost(Duration.ofMinutes(2)).ignoreExceptions().untilAsserted(() -> assertThat(missing(node,
                            writer.acknowledged())).as("acknowledged writes missing on " + url).isEmpty());
                }
            }
        }

        rotateTheClusterCaUnderWrites();
        backUpOnScheduleAndRestore();
        clientCertificateGrantsWhatItsResourceSays();
        whatKubectlShows();

        // deletionPolicy: Delete — deleting the resource deletes the database (through the finalizer).
        client.genericKubernetesResources(DATABASES).inNamespace(namespace).withName("orders").delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> client.genericKubernetesResources(DATABASES)
                .inNamespace(namespace).withName("orders").get() == null);
        try (DocumentStore store = store(nodes(status("raven")).stream().map(n -> (String) n.get("url"))
                .toArray(String[]::new), null)) {
            store.initialize();
            assertThat(store.maintenance().server().send(new net.ravendb.client.serverwide.operations
                    .GetDatabaseRecordOperation("orders"))).isNull();
        }
    }

    /**
     * A MuninnBackupSchedule (every minute, to an S3-compatible store with keys from a Secret) runs on the node the
     * cluster makes responsible; a MuninnRestore brings the backup back as a new database with the same documents.
     */
    @SuppressWarnings("unchecked")
    private void backUpOnScheduleAndRestore() throws Exception {
        try (S3Store s3 = S3Store.start(repoRoot, 19960)) {
            s3.createBucket("backups");
            client.secrets().inNamespace(namespace).resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                    .withNewMetadata().withName("s3-keys").endMetadata()
                    .addToStringData("AWS_ACCESS_KEY_ID", "muninn-e2e")
                    .addToStringData("AWS_SECRET_ACCESS_KEY", "muninn-e2e-secret").build()).create();
            Map<String, Object> s3Storage = Map.of("s3", Map.of("bucket", "backups", "endpoint", s3.url(),
                    "forcePathStyle", true, "remoteFolderName", "orders", "credentialsSecret",
                    Map.of("name", "s3-keys")));
            List<String> before;
            try (DocumentStore store = store(urls(), "orders")) {
                store.initialize();
                before = new ArrayList<>(ids(store));
            }
            long scheduled = System.nanoTime();
            client.genericKubernetesResources(BACKUP_SCHEDULES).inNamespace(namespace).resource(resource(
                    "MuninnBackupSchedule", "orders-every-minute", Map.of("clusterRef", Map.of("name", "raven"),
                            "database", "orders", "schedule", "* * * * *", "destination", s3Storage))).create();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() ->
                    status(BACKUP_SCHEDULES, "orders-every-minute").get("lastFullBackup") != null);
            report("scheduled backup ran", scheduled);
            Map<String, Object> schedule = status(BACKUP_SCHEDULES, "orders-every-minute");
            assertThat(schedule.get("responsibleNode")).isIn(nodes(status("raven")).stream().map(n -> n.get("tag"))
                    .toArray());
            assertThat(schedule.get("nextBackup")).isNotNull();
            assertThat(schedule.get("lastError")).isNull();
            assertThat(String.valueOf(schedule.get("conditions"))).contains("Scheduled");

            // A one-time snapshot (MuninnBackup) into the cluster's backup volume, restored below as a second
            // database by whichever node is ready first: every node mounts the same claim.
            Map<String, Object> snapshotStorage = Map.of("local", Map.of("path", "orders-snapshot"));
            long snapshotting = System.nanoTime();
            client.genericKubernetesResources(BACKUPS).inNamespace(namespace).resource(resource("MuninnBackup",
                    "orders-now", Map.of("clusterRef", Map.of("name", "raven"), "database", "orders",
                            "type", "Snapshot", "destination", snapshotStorage))).create();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    status(BACKUPS, "orders-now").get("phase") instanceof String phase && !"Running".equals(phase));
            Map<String, Object> snapshot = status(BACKUPS, "orders-now");
            assertThat(snapshot.get("phase")).as(String.valueOf(snapshot.get("message"))).isEqualTo("Succeeded");
            report("MuninnBackup (snapshot) succeeded", snapshotting);
            assertThat(((Number) snapshot.get("documents")).longValue()).isGreaterThanOrEqualTo(before.size());
            assertThat(((Number) snapshot.get("sizeBytes")).longValue()).isPositive();
            assertThat((String) snapshot.get("fileName")).isNotBlank();
            assertThat((String) snapshot.get("location")).isEqualTo("/backups/orders-snapshot");
            assertThatThrownBy(() -> client.genericKubernetesResources(BACKUPS).inNamespace(namespace)
                    .withName("orders-now").edit(b -> {
                        ((Map<String, Object>) b.getAdditionalProperties().get("spec")).put("type", "Backup");
                        return b;
                    })).isInstanceOf(KubernetesClientException.class).hasMessageContaining("spec is immutable");

            long restoring = System.nanoTime();
            client.genericKubernetesResources(RESTORES).inNamespace(namespace).resource(resource("MuninnRestore",
                    "orders-back", Map.of("clusterRef", Map.of("name", "raven"), "database", "orders-restored",
                            "source", s3Storage))).create();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    status(RESTORES, "orders-back").get("phase") instanceof String phase && !"Running".equals(phase));
            Map<String, Object> restored = status(RESTORES, "orders-back");
            assertThat(restored.get("phase")).as(String.valueOf(restored.get("message"))).isEqualTo("Succeeded");
            report("MuninnRestore succeeded", restoring);
            assertThat(((Number) restored.get("documentsRestored")).longValue()).isGreaterThanOrEqualTo(before.size());
            try (DocumentStore store = store(urls(), "orders-restored")) {
                store.initialize();
                assertThat(missing(store, new java.util.HashSet<>(before))).isEmpty();
            }
            client.genericKubernetesResources(RESTORES).inNamespace(namespace).resource(resource("MuninnRestore",
                    "snapshot-back", Map.of("clusterRef", Map.of("name", "raven"), "database", "orders-snapshot",
                            "source", snapshotStorage))).create();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    status(RESTORES, "snapshot-back").get("phase") instanceof String phase && !"Running".equals(phase));
            assertThat(status(RESTORES, "snapshot-back").get("phase")).as(String.valueOf(status(RESTORES,
                    "snapshot-back").get("message"))).isEqualTo("Succeeded");
            try (DocumentStore store = store(urls(), "orders-snapshot")) {
                store.initialize();
                assertThat(missing(store, new java.util.HashSet<>(before))).isEmpty();
            }
            assertThat(reasons()).contains("TaskCreated", "BackupStarted", "BackupSucceeded", "RestoreStarted",
                    "RestoreSucceeded");
            client.genericKubernetesResources(BACKUP_SCHEDULES).inNamespace(namespace).withName("orders-every-minute")
                    .delete();
        }
    }

    /** What a person sees with kubectl: the printer columns and the events of each step. */
    private static void whatKubectlShows() {
        String clusters = cluster.kubectl("get", "muninnclusters", "-n", namespace, "-o", "wide");
        System.out.println("OPERATOR kubectl get muninnclusters -o wide\n" + clusters);
        Map<String, String> raven = row(clusters, "raven");
        assertThat(raven).containsEntry("NODES", "3").containsEntry("READY", "3").containsEntry("PHASE", "Ready")
                .containsKeys("LEADER", "STATUS", "AGE");
        assertThat(raven.get("STATUS")).contains("3 of 3 nodes ready");
        assertThat(row(cluster.kubectl("get", "muninndatabases", "-n", namespace), "orders"))
                .containsEntry("CLUSTER", "raven").containsEntry("REPLICAS", "3").containsEntry("READY", "True");
        String backups = cluster.kubectl("get", "muninnbackups", "-n", namespace, "-o", "wide");
        String restores = cluster.kubectl("get", "muninnrestores", "-n", namespace, "-o", "wide");
        System.out.println("OPERATOR kubectl get muninnbackups,muninnrestores -o wide\n" + backups + restores);
        assertThat(row(backups, "orders-now")).containsEntry("DATABASE", "orders").containsEntry("TYPE", "Snapshot")
                .containsEntry("PHASE", "Succeeded").containsKeys("SIZE", "FILE");
        assertThat(row(restores, "orders-back")).containsEntry("DATABASE", "orders-restored")
                .containsEntry("PHASE", "Succeeded");
        String described = cluster.kubectl("describe", "muninncluster", "raven", "-n", namespace);
        assertThat(described).contains("Ready Nodes:", "Leader:", "Events:", "RollingUpdate", "MembershipChanged");
    }

    /** One row of a kubectl table, by the header's column positions (cells may be empty). */
    private static Map<String, String> row(String table, String name) {
        List<String> lines = table.lines().filter(l -> !l.isBlank()).toList();
        String header = lines.get(0);
        String line = lines.stream().filter(l -> l.startsWith(name + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + name + " in\n" + table));
        java.util.regex.Matcher column = java.util.regex.Pattern.compile("\\S+").matcher(header);
        List<int[]> spans = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (column.find()) {
            spans.add(new int[]{column.start(), 0});
            names.add(column.group());
        }
        Map<String, String> cells = new java.util.LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            int from = spans.get(i)[0];
            int to = i + 1 < names.size() ? spans.get(i + 1)[0] : line.length();
            cells.put(names.get(i), from >= line.length() ? "" : line.substring(from, Math.min(to, line.length()))
                    .strip());
        }
        return cells;
    }

    private static String[] urls() {
        return nodes(status("raven")).stream().map(n -> (String) n.get("url")).toArray(String[]::new);
    }

    /** Every document id of the database, through the client's id-prefix load. */
    private static List<String> ids(IDocumentStore store) {
        List<String> ids = new ArrayList<>();
        for (int start = 0; ; start += 1000) {
            try (IDocumentSession session = store.openSession()) {
                Map[] page = session.advanced().loadStartingWith(Map.class, "orders/", null, start, 1000);
                for (Map document : page) {
                    ids.add(session.advanced().getDocumentId(document));
                }
                if (page.length < 1000) {
                    return ids;
                }
            }
        }
    }

    private static GenericKubernetesResource resource(String kind, String name, Map<String, Object> spec) {
        GenericKubernetesResource resource = new GenericKubernetesResource();
        resource.setApiVersion("muninn.dev/v1alpha1");
        resource.setKind(kind);
        resource.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name)
                .withNamespace(namespace).build());
        resource.setAdditionalProperty("spec", spec);
        return resource;
    }

    /** Writes orders one at a time, each acknowledged only when a second copy has it, until closed. */
    private static final class AcknowledgedWriter implements AutoCloseable {
        private final IDocumentStore store;
        private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        private final AtomicInteger failures = new AtomicInteger();
        /** Why attempts failed (not acknowledged, so nothing is expected of them), with how often. */
        private final Map<String, Integer> failureKinds = new ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread = new Thread(this::run, "acknowledged-writer");

        /** The writer's last requests, kept to say what the client saw when an attempt fails. */
        private final java.util.Deque<String> recent = new java.util.concurrent.ConcurrentLinkedDeque<>();

        private final String prefix;

        AcknowledgedWriter(IDocumentStore store) {
            this(store, "orders/");
        }

        AcknowledgedWriter(IDocumentStore store, String prefix) {
            this.store = store;
            this.prefix = prefix;
            store.addOnBeforeRequestListener((sender, e) -> remember("-> " + e.getUrl() + " #" + e.getAttemptNumber()));
            store.addOnSucceedRequestListener((sender, e) -> remember("<- " + e.getResponse().getCode() + " "
                    + e.getUrl()));
            store.addOnFailedRequestListener((sender, e) -> remember("!! " + e.getUrl() + " " + e.getException()));
            store.initialize();
        }

        private void remember(String event) {
            if (Thread.currentThread() == thread) {
                recent.addLast(java.time.LocalTime.now() + " " + event);
                while (recent.size() > 8) {
                    recent.pollFirst();
                }
            }
        }

        void start() {
            thread.start();
        }

        private void run() {
            for (int i = 1; running.get(); i++) {
                String id = prefix + i;
                try (IDocumentSession session = store.openSession()) {
                    session.advanced().waitForReplicationAfterSaveChanges(o -> o.numberOfReplicas(1)
                            .withTimeout(Duration.ofSeconds(10)));
                    session.store(Map.of("Total", i), id);
                    session.saveChanges();
                    acknowledged.add(id);
                } catch (RuntimeException e) {
                    if (failures.incrementAndGet() <= 3) {
                        System.out.println("OPERATOR write attempt failed: " + e + "\n  " + String.join("\n  ",
                                recent));
                    }
                    String kind = e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).lines()
                            .findFirst().orElse("");
                    failureKinds.merge(kind.length() > 200 ? kind.substring(0, 200) : kind, 1, Integer::sum);
                }
                sleep(50);
            }
        }

        Set<String> acknowledged() {
            return acknowledged;
        }

        int failures() {
            return failures.get();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(60_000);
        }
    }

    /**
     * A MuninnClientCertificate for an application: the operator issues it into a Secret and registers it with the
     * grant of its spec; the official client with the Secret's keystore writes to the one database it may, is refused
     * the other, loses write access when the spec narrows it to Read, and is refused everything once the resource is
     * deleted (its Secret goes with it).
     */
    private static void clientCertificateGrantsWhatItsResourceSays() {
        long applied = System.nanoTime();
        client.genericKubernetesResources(CLIENT_CERTIFICATES).inNamespace(namespace).resource(resource(
                "MuninnClientCertificate", "orders-app", Map.of("clusterRef", Map.of("name", "raven"),
                        "permissions", Map.of("orders", "ReadWrite")))).create();
        awaitClientCertificateReady(1);
        report("MuninnClientCertificate Ready", applied);
        Map<String, Object> status = status(CLIENT_CERTIFICATES, "orders-app");
        assertThat(status.get("secretName")).isEqualTo("orders-app");
        io.fabric8.kubernetes.api.model.Secret secret = client.secrets().inNamespace(namespace).withName("orders-app")
                .get();
        dev.muninn.pki.IssuedCertificate app = dev.muninn.pki.Pkcs12.read(java.util.Base64.getDecoder().decode(
                secret.getData().get("keystore.p12")), "");
        assertThat(dev.muninn.pki.Thumbprints.of(app.certificate())).isEqualTo(status.get("thumbprint"));
        assertThat(app.certificate().getIssuerX500Principal()).isEqualTo(clusterCa().getSubjectX500Principal());
        String[] urls = urls();

        try (DocumentStore orders = appStore(urls, "orders", app); DocumentStore events = appStore(urls, "events", app)) {
            orders.initialize();
            events.initialize();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
                try (IDocumentSession session = orders.openSession()) {
                    session.store(Map.of("By", "orders-app"), "app/1");
                    session.saveChanges();
                }
            });
            assertThatThrownBy(() -> {
                try (IDocumentSession session = events.openSession()) {
                    session.load(Map.class, "events/1");
                }
            }).as("a database outside the grant").isInstanceOf(
                    net.ravendb.client.exceptions.security.AuthorizationException.class).hasMessageContaining("events");

            // Narrowed to Read: the certificate already handed out loses write access.
            client.genericKubernetesResources(CLIENT_CERTIFICATES).inNamespace(namespace).withName("orders-app")
                    .edit(r -> {
                        r.setAdditionalProperty("spec", Map.of("clusterRef", Map.of("name", "raven"),
                                "permissions", Map.of("orders", "Read")));
                        return r;
                    });
            awaitClientCertificateReady(2);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThatThrownBy(() -> {
                try (IDocumentSession session = orders.openSession()) {
                    session.store(Map.of("By", "orders-app"), "app/2");
                    session.saveChanges();
                }
            }).isInstanceOf(net.ravendb.client.exceptions.security.AuthorizationException.class));
            try (IDocumentSession session = orders.openSession()) {
                assertThat(session.load(Map.class, "app/1")).as("still readable").isNotNull();
            }

            long deleted = System.nanoTime();
            client.genericKubernetesResources(CLIENT_CERTIFICATES).inNamespace(namespace).withName("orders-app")
                    .delete();
            await().atMost(Duration.ofSeconds(30)).until(() -> client.genericKubernetesResources(CLIENT_CERTIFICATES)
                    .inNamespace(namespace).withName("orders-app").get() == null);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThatThrownBy(() -> {
                try (IDocumentSession session = orders.openSession()) {
                    session.load(Map.class, "app/1");
                }
            }).isInstanceOf(net.ravendb.client.exceptions.security.AuthorizationException.class)
                    .hasMessageContaining("unknown to the server"));
            report("MuninnClientCertificate deleted and refused", deleted);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> client.secrets().inNamespace(namespace)
                .withName("orders-app").get() == null);
        assertThat(reasons()).contains("CertificateIssued", "Registered", "GrantChanged", "Unregistered");
    }

    private static void awaitClientCertificateReady(long generation) {
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<String, Object> status = status(CLIENT_CERTIFICATES, "orders-app");
            assertThat(status.get("observedGeneration")).as("the status written").isInstanceOf(Number.class);
            assertThat(((Number) status.get("observedGeneration")).longValue()).isEqualTo(generation);
            assertThat(String.valueOf(status.get("conditions"))).contains("status=True").contains("Registered");
        });
    }

    /** A client with an application's certificate, trusting the cluster's CA. */
    private static DocumentStore appStore(String[] urls, String database, dev.muninn.pki.IssuedCertificate app) {
        DocumentStore store = store(urls, database);
        store.setCertificate(dev.muninn.pki.Pkcs12.keyStore(app, ""));
        return store;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> missing(IDocumentStore store, Set<String> ids) {
        List<String> missing = new ArrayList<>();
        List<String> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += 200) {
            List<String> page = all.subList(from, Math.min(all.size(), from + 200));
            try (IDocumentSession session = store.openSession()) {
                Map<String, Map> loaded = session.load(Map.class, page);
                page.stream().filter(id -> loaded.get(id) == null).forEach(missing::add);
            }
        }
        return missing;
    }

    /**
     * A client of the secured cluster {@code raven}: the admin client certificate the operator keeps in the Secret
     * raven-admin-client, trusting the cluster's CA from the same Secret — as a person connects.
     */
    private static DocumentStore store(String[] urls, String database) {
        DocumentStore store = new DocumentStore(urls, database);
        store.setCertificate(dev.muninn.pki.Pkcs12.keyStore(adminCertificate(), ""));
        try {
            java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            List<java.security.cert.X509Certificate> cas = dev.muninn.pki.Pem.readCertificates(adminSecretEntry(
                    "ca.crt"));
            for (int i = 0; i < cas.size(); i++) { // both CAs while the cluster's CA is being rotated
                trust.setCertificateEntry("ca" + i, cas.get(i));
            }
            store.setTrustStore(trust);
        } catch (java.security.GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return store;
    }

    /** A PEM entry of the Secret raven-admin-client, which the operator keeps (kubernetes.io/tls layout). */
    private static String adminSecretEntry(String key) {
        io.fabric8.kubernetes.api.model.Secret secret = client.secrets().inNamespace(namespace)
                .withName("raven-admin-client").get();
        assertThat(secret).as("the operator's admin client certificate Secret").isNotNull();
        return new String(java.util.Base64.getDecoder().decode(secret.getData().get(key)),
                java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static dev.muninn.pki.IssuedCertificate adminCertificate() {
        return new dev.muninn.pki.IssuedCertificate(dev.muninn.pki.Pem.readPrivateKey(adminSecretEntry("tls.key")),
                dev.muninn.pki.Pem.readCertificates(adminSecretEntry("tls.crt")));
    }

    private static java.security.cert.X509Certificate clusterCa() {
        return dev.muninn.pki.Pem.readCertificates(adminSecretEntry("ca.crt")).get(0);
    }

    /** An HTTP client with raven's admin certificate, trusting its CA (nodes are reached by pod IP: no names). */
    private static java.net.http.HttpClient adminHttp() {
        dev.muninn.pki.IssuedCertificate admin = adminCertificate();
        java.security.cert.X509Certificate ca = clusterCa();
        try {
            javax.net.ssl.KeyManagerFactory keys = javax.net.ssl.KeyManagerFactory.getInstance(
                    javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            keys.init(dev.muninn.pki.Pkcs12.keyStore(admin, ""), new char[0]);
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), new javax.net.ssl.TrustManager[] {new dev.muninn.pki.SignedByTrust(() -> List.of(ca))}, null);
            return java.net.http.HttpClient.newBuilder().sslContext(context).build();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DocumentStore store(String url, String database) {
        return store(new String[] {url}, database);
    }

    private static void writeEvents(String[] urls, int count) {
        try (DocumentStore store = store(urls, "events")) {
            store.initialize();
            try (IDocumentSession session = store.openSession()) {
                session.advanced().waitForReplicationAfterSaveChanges(o -> o.numberOfReplicas(1));
                for (int i = 1; i <= count; i++) {
                    session.store(Map.of("Seq", i), "events/" + i);
                }
                session.saveChanges();
            }
        }
    }

    private static void assertEventsReadable(String[] urls, int count) {
        try (DocumentStore store = store(urls, "events")) {
            store.initialize();
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                ids.add("events/" + i);
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(missing(store, new java.util.HashSet<>(ids))).isEmpty());
        }
    }

    /**
     * A node certificate rotated while the writer goes on: its Secret goes, the operator issues a new one, the kubelet
     * refreshes the mounted files and the node serves the new certificate — no restart, no failed request (the
     * writer's count of failures is checked after).
     */
    private static void rotateNodeCertificate(String pod) {
        long started = System.nanoTime();
        String secretName = pod + "-tls";
        String before = certificateThumbprint(client.secrets().inNamespace(namespace).withName(secretName).get());
        io.fabric8.kubernetes.api.model.Pod running = client.pods().inNamespace(namespace).withName(pod).get();
        int restarts = running.getStatus().getContainerStatuses().get(0).getRestartCount();
        String url = (String) nodes(status("raven")).stream().filter(n -> pod.equals(n.get("name"))).findFirst()
                .orElseThrow().get("url");
        client.secrets().inNamespace(namespace).withName(secretName).delete();
        String[] renewed = new String[1];
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
            renewed[0] = certificateThumbprint(client.secrets().inNamespace(namespace).withName(secretName).get());
            return !renewed[0].equals(before);
        });
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> renewed[0].equals(servedThumbprint(url)));
        io.fabric8.kubernetes.api.model.Pod after = client.pods().inNamespace(namespace).withName(pod).get();
        assertThat(after.getMetadata().getUid()).as("the pod was not replaced").isEqualTo(running.getMetadata()
                .getUid());
        assertThat(after.getStatus().getContainerStatuses().get(0).getRestartCount()).as("the node did not restart")
                .isEqualTo(restarts);
        report("node certificate rotated under writes", started);
    }

    /**
     * The cluster's CA rotated while a client writes (asked for with the Strimzi-style annotation on the CA Secret):
     * the new CA is trusted beside the old, then signs every node's certificate, then the old one is dropped — each
     * step once every node serves a certificate of the previous one. The client reads its trust from the admin
     * Secret once the rotation has begun, as a client following the Secret does, and no write fails.
     */
    private static void rotateTheClusterCaUnderWrites() throws Exception {
        long started = System.nanoTime();
        java.security.cert.X509Certificate before = clusterCa();
        client.secrets().inNamespace(namespace).withName("raven-ca").edit(secret -> {
            Map<String, String> annotations = secret.getMetadata().getAnnotations() == null
                    ? new java.util.HashMap<>() : new java.util.HashMap<>(secret.getMetadata().getAnnotations());
            annotations.put("muninn.dev/force-renew", "true");
            secret.getMetadata().setAnnotations(annotations);
            return secret;
        });
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(() ->
                dev.muninn.pki.Pem.readCertificates(adminSecretEntry("ca.crt")).size() == 2);
        try (DocumentStore store = store(urls(), "orders");
             AcknowledgedWriter writer = new AcknowledgedWriter(store, "rotation/")) {
            writer.start();
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
                List<java.security.cert.X509Certificate> trusted = dev.muninn.pki.Pem.readCertificates(
                        adminSecretEntry("ca.crt"));
                return trusted.size() == 1 && !trusted.get(0).equals(before);
            });
            java.security.cert.X509Certificate after = clusterCa();
            // Every node serves a certificate of the new CA (the handshake trusts only it now).
            for (String url : urls()) {
                await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                        .until(() -> servedThumbprint(url) != null);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> writer.acknowledged().size() >= 20);
            writer.close();
            System.out.printf("OPERATOR CA rotation: writes acknowledged %d, failed attempts %d%n",
                    writer.acknowledged().size(), writer.failures());
            writer.failureKinds.forEach((kind, count) -> System.out.printf("OPERATOR failed attempts %d: %s%n",
                    count, kind));
            assertThat(writer.failures()).as("no write failed while the CA was rotated").isZero();
            assertThat(after).isNotEqualTo(before);
            assertThat(reasons()).contains("CertificateAuthorityRotationStarted", "CertificateAuthorityRotating",
                    "CertificateAuthorityRotated");
            try (DocumentStore fresh = store(urls(), "orders")) {
                fresh.initialize();
                assertThat(missing(fresh, writer.acknowledged())).isEmpty();
            }
        }
        report("cluster CA rotated under writes", started);
    }

    private static String certificateThumbprint(io.fabric8.kubernetes.api.model.Secret secret) {
        return dev.muninn.pki.Thumbprints.of(dev.muninn.pki.Pem.readCertificates(new String(java.util.Base64
                .getDecoder().decode(secret.getData().get("tls.crt")), java.nio.charset.StandardCharsets.US_ASCII))
                .get(0));
    }

    /** The certificate a node serves now, from a fresh TLS handshake. */
    private static String servedThumbprint(String url) throws Exception {
        java.net.URI uri = java.net.URI.create(url);
        java.security.cert.X509Certificate ca = clusterCa();
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, new javax.net.ssl.TrustManager[] {new dev.muninn.pki.SignedByTrust(() -> List.of(ca))}, null);
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) context.getSocketFactory()
                .createSocket(uri.getHost(), uri.getPort())) {
            socket.startHandshake();
            return dev.muninn.pki.Thumbprints.of((java.security.cert.X509Certificate) socket.getSession()
                    .getPeerCertificates()[0]);
        }
    }

    private static void report(String what, long since) {
        System.out.printf("OPERATOR %s %.1f s%n", what, (System.nanoTime() - since) / 1e9);
    }

    /**
     * A changed setting changes the pod template: the pods are replaced one at a time (never two nodes down at
     * once), each with its volume, while the writer goes on and the operator itself is restarted halfway.
     */
    private static void rollingUpdate(List<String> podNames) throws InterruptedException {
        Map<String, String> before = new java.util.TreeMap<>();
        for (Pod pod : nodePods()) {
            before.put(pod.getMetadata().getName(), pod.getMetadata().getUid());
        }
        AtomicInteger mostDown = new AtomicInteger();
        AtomicBoolean sampling = new AtomicBoolean(true);
        List<String> replacementOrder = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                try {
                    List<Pod> pods = nodePods();
                    long up = pods.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null
                            && p.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType())
                            && "True".equals(c.getStatus()))).count();
                    mostDown.accumulateAndGet((int) (3 - up), Math::max);
                    for (Pod pod : pods) {
                        String name = pod.getMetadata().getName();
                        if (!pod.getMetadata().getUid().equals(before.get(name)) && !replacementOrder.contains(name)) {
                            replacementOrder.add(name);
                        }
                    }
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // a pod list raced with a deletion: sample again
                }
            }
        }, "rolling-update-sampler");
        sampler.start();
        long changed = System.nanoTime();
        client.genericKubernetesResources(CLUSTERS).inNamespace(namespace).withName("raven").edit(resource -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> spec = (Map<String, Object>) resource.getAdditionalProperties().get("spec");
            spec.put("settings", Map.of("Cluster.TimeBeforeMovingToRehabInSec", "12"));
            return resource;
        });
        try {
            // The operator itself is restarted mid-update (its Deployment makes a new pod): it must carry on from
            // what it observes, not from memory.
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).until(() ->
                    !replacementOrder.isEmpty());
            Pod operatorPod = operatorPods().get(0);
            client.pods().inNamespace(namespace).withName(operatorPod.getMetadata().getName()).delete();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> operatorPods()
                    .stream().anyMatch(p -> !p.getMetadata().getUid().equals(operatorPod.getMetadata().getUid())
                            && p.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType())
                            && "True".equals(c.getStatus()))));
            await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1)).until(() -> nodePods().stream()
                    .allMatch(p -> !p.getMetadata().getUid().equals(before.get(p.getMetadata().getName()))));
            awaitClusterReady(3, Duration.ofMinutes(3));
        } finally {
            sampling.set(false);
            sampler.join();
        }
        report("rolling update of 3 nodes done", changed);
        assertThat(mostDown.get()).as("nodes down at once during the rolling update").isLessThanOrEqualTo(1);
        // One at a time, each once (the unit tests hold the order: followers first, the leader last).
        assertThat(replacementOrder).as("replacement order").containsExactlyInAnyOrderElementsOf(podNames);
        System.out.println("OPERATOR rolling update order " + replacementOrder);
        assertThat(nodePods()).allSatisfy(pod -> assertThat(pod.getSpec().getContainers().get(0).getEnv())
                .anySatisfy(env -> {
                    assertThat(env.getName()).isEqualTo("MUNINN_Cluster_TimeBeforeMovingToRehabInSec");
                    assertThat(env.getValue()).isEqualTo("12");
                }));
        assertThat(reasons()).contains("RollingUpdate");
        awaitDatabase("orders", 3, Duration.ofMinutes(2));
    }

    /**
     * {@code spec.watchers: 1}: the highest remaining ordinal leaves the voters through Raft, without a restart,
     * and keeps applying the cluster's log: its own view shows the demotion, as every voter's does.
     */
    private static void demoteOneNodeToWatcher(List<String> staying) throws Exception {
        String demoted = staying.get(staying.size() - 1);
        long changed = System.nanoTime();
        client.genericKubernetesResources(CLUSTERS).inNamespace(namespace).withName("raven").edit(resource -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> spec = (Map<String, Object>) resource.getAdditionalProperties().get("spec");
            spec.put("watchers", 1);
            return resource;
        });
        Map<String, String> uids = new java.util.TreeMap<>();
        nodePods().forEach(p -> uids.put(p.getMetadata().getName(), p.getMetadata().getUid()));
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .untilAsserted(() -> {
                    assertThat(events().stream().anyMatch(e -> String.valueOf(e.getMessage())
                            .contains("Demoted " + demoted + " to a watcher"))).isTrue();
                    for (String url : urls()) {
                        com.fasterxml.jackson.databind.JsonNode topology = new com.fasterxml.jackson.databind
                                .ObjectMapper().readTree(adminHttp().send(
                                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url
                                                + "/cluster/topology")).build(),
                                        java.net.http.HttpResponse.BodyHandlers.ofString()).body()).path("Topology");
                        assertThat(topology.path("Watchers").has(demoted)).as(url + " sees " + demoted + " watch")
                                .isTrue();
                        assertThat(topology.path("Members").has(demoted)).isFalse();
                    }
                });
        awaitClusterReady(3, Duration.ofMinutes(3));
        report("watchers 0 -> 1 done", changed);
        assertThat(nodes(status("raven"))).extracting(n -> n.get("role")).containsExactly("member", "member",
                "watcher");
        assertThat(nodePods()).as("a change of vote restarts no node").allSatisfy(p -> assertThat(p.getMetadata()
                .getUid()).isEqualTo(uids.get(p.getMetadata().getName())));
        awaitDatabase("orders", 3, Duration.ofMinutes(2));
    }

    private static List<io.fabric8.kubernetes.api.model.PersistentVolumeClaim> nodeClaims() {
        return client.persistentVolumeClaims().inNamespace(namespace).withLabel("app.kubernetes.io/instance", "raven")
                .list().getItems();
    }

    private static List<Pod> operatorPods() {
        return client.pods().inNamespace(namespace).withLabel("app.kubernetes.io/name", "muninn-operator").list()
                .getItems();
    }

    private static List<Pod> nodePods() {
        return client.pods().inNamespace(namespace).withLabel("app.kubernetes.io/instance", "raven").list()
                .getItems();
    }

    private static void scale(String name, int nodes) {
        client.genericKubernetesResources(CLUSTERS).inNamespace(namespace).withName(name).edit(resource -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> spec = (Map<String, Object>) resource.getAdditionalProperties().get("spec");
            spec.put("nodes", nodes);
            return resource;
        });
    }

    private static void awaitClusterReady(int nodes, Duration within) {
        await().atMost(within).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Map<String, Object> status = status("raven");
            return "Ready".equals(status.get("phase")) && nodes(status).size() == nodes
                    && nodes(status).stream().allMatch(n -> Boolean.TRUE.equals(n.get("ready")));
        });
    }

    private static void awaitPodReplacedAndClusterReady(String pod, String oldUid) {
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Pod now = client.pods().inNamespace(namespace).withName(pod).get();
            return now != null && !now.getMetadata().getUid().equals(oldUid);
        });
        awaitClusterReady(3, Duration.ofMinutes(3));
    }

    private static void awaitDatabase(String name, int members, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<String, Object> status = status(DATABASES, name);
            assertThat(String.valueOf(status.get("conditions"))).contains("AllMembersServing");
            assertThat(members(name)).hasSize(members);
        });
    }

    @SuppressWarnings("unchecked")
    private static List<String> members(String database) {
        Map<String, Object> topology = (Map<String, Object>) status(DATABASES, database).get("topology");
        return topology == null ? List.of() : (List<String>) topology.get("members");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> nodes(Map<String, Object> status) {
        Object nodes = status.get("nodes");
        return nodes == null ? List.of() : (List<Map<String, Object>>) nodes;
    }

    private static List<io.fabric8.kubernetes.api.model.Event> events() {
        return client.v1().events().inNamespace(namespace).list().getItems();
    }

    private static Set<String> reasons() {
        Set<String> reasons = new java.util.HashSet<>();
        events().forEach(e -> reasons.add(e.getReason()));
        return reasons;
    }

    private static GenericKubernetesResource muninnDatabase(String name, int replicationFactor) {
        GenericKubernetesResource database = new GenericKubernetesResource();
        database.setApiVersion("muninn.dev/v1alpha1");
        database.setKind("MuninnDatabase");
        database.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name)
                .withNamespace(namespace).build());
        Map<String, Object> spec = new java.util.HashMap<>(Map.of("clusterRef", Map.of("name", "raven"),
                "replicationFactor", replicationFactor, "deletionPolicy", "Delete"));
        if ("orders".equals(name)) {
            spec.put("conflictSolver", Map.of("resolveToLatest", true));
            spec.put("revisions", Map.of("defaultConfig", Map.of("minimumRevisionsToKeep", 5)));
        }
        database.setAdditionalProperty("spec", spec);
        return database;
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
