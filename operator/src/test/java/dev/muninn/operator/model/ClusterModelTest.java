package dev.muninn.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import dev.muninn.operator.api.v1alpha1.Labels;
import dev.muninn.operator.api.v1alpha1.MuninnCluster;
import dev.muninn.operator.api.v1alpha1.MuninnClusterSpec;

/** The desired objects of a MuninnCluster, built without any I/O. */
class ClusterModelTest {
    static MuninnCluster cluster(int nodes, int watchers, Map<String, String> settings) {
        MuninnCluster cluster = new MuninnCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName("raven").withNamespace("prod").withUid("uid-1")
                .withGeneration(3L).build());
        MuninnClusterSpec spec = new MuninnClusterSpec();
        spec.setNodes(nodes);
        spec.setWatchers(watchers);
        spec.setSettings(settings);
        cluster.setSpec(spec);
        return cluster;
    }

    /** A cluster with TLS off: plain HTTP on the private network. */
    static MuninnCluster unsecured(MuninnCluster cluster) {
        cluster.getSpec().getTls().setEnabled(false);
        return cluster;
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst()
                .orElse(null);
    }

    @Test
    void aSpecMayWidenUnsecuredAccess() {
        Pod pod = NodePod.build(ClusterModel.from(unsecured(cluster(1, 0, Map.of("Security.UnsecuredAccessAllowed",
                "PublicNetwork")))), 0);
        assertThat(pod.getSpec().getContainers().get(0).getEnv()).filteredOn(e -> e.getName()
                .equals("MUNINN_Security_UnsecuredAccessAllowed")).singleElement()
                .satisfies(e -> assertThat(e.getValue()).isEqualTo("PublicNetwork"));
    }

    @Test
    void aPodsIdentityComesFromItsOrdinal() {
        ClusterModel model = ClusterModel.from(unsecured(cluster(3, 0, Map.of("Cluster.TimeBeforeMovingToRehabInSec",
                "5"))));
        Pod pod = NodePod.build(model, 1);
        assertThat(pod.getMetadata().getName()).isEqualTo("raven-1");
        assertThat(pod.getMetadata().getLabels()).containsEntry(Labels.NODE_TAG, "B")
                .containsEntry(Labels.INSTANCE, "raven");
        assertThat(pod.getSpec().getHostname()).isEqualTo("raven-1");
        assertThat(pod.getSpec().getSubdomain()).isEqualTo("raven-nodes");
        assertThat(pod.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getUid()).isEqualTo("uid-1"));
        Container node = pod.getSpec().getContainers().get(0);
        assertThat(env(node, "MUNINN_PublicServerUrl")).isEqualTo("http://raven-1.raven-nodes.prod.svc.cluster.local:8080");
        assertThat(env(node, "MUNINN_PublicServerUrl_Tcp")).isEqualTo("raven-1.raven-nodes.prod.svc.cluster.local:38888");
        assertThat(env(node, "MUNINN_ServerUrl")).isEqualTo("http://$(POD_IP):8080");
        assertThat(env(node, "MUNINN_DataDir")).isEqualTo("/data");
        assertThat(env(node, "MUNINN_Security_UnsecuredAccessAllowed")).as("pods listen on a private address")
                .isEqualTo("PrivateNetwork");
        assertThat(env(node, "MUNINN_Cluster_TimeBeforeMovingToRehabInSec")).isEqualTo("5");
        assertThat(node.getEnv().get(0).getName()).as("POD_IP first: later values refer to it").isEqualTo("POD_IP");
        assertThat(node.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
        assertThat(pod.getSpec().getVolumes()).singleElement().satisfies(volume ->
                assertThat(volume.getPersistentVolumeClaim().getClaimName()).isEqualTo("data-raven-1"));
    }

    @Test
    void aSecuredNodeServesHttpsWithItsSecretAndKnowsItsAdmins() {
        ClusterModel model = ClusterModel.from(cluster(3, 0, Map.of())).withWellKnownAdmins(List.of("pinA", "pinB"));
        Pod pod = NodePod.build(model, 2);
        Container node = pod.getSpec().getContainers().get(0);
        assertThat(env(node, "MUNINN_ServerUrl")).isEqualTo("https://$(POD_IP):8080");
        assertThat(env(node, "MUNINN_PublicServerUrl")).startsWith("https://raven-2.raven-nodes.prod.svc");
        assertThat(env(node, "MUNINN_Security_Certificate_Path")).isEqualTo("/etc/muninn/tls/tls.crt");
        assertThat(env(node, "MUNINN_Security_Certificate_Key_Path")).isEqualTo("/etc/muninn/tls/tls.key");
        assertThat(env(node, "MUNINN_Security_Certificate_Ca_Path")).isEqualTo("/etc/muninn/tls/ca.crt");
        assertThat(env(node, "MUNINN_Security_MasterKey_Path")).isEqualTo("/etc/muninn/master-key/master.key");
        assertThat(env(node, "MUNINN_Security_WellKnownCertificates_Admin")).isEqualTo("pinA,pinB");
        assertThat(env(node, "MUNINN_Security_UnsecuredAccessAllowed")).isNull();
        assertThat(node.getReadinessProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");
        assertThat(pod.getSpec().getVolumes()).extracting(v -> v.getSecret() == null ? null
                : v.getSecret().getSecretName()).contains("raven-2-tls", "raven-master-key");
        // A renewed certificate changes the Secret, not the pod: no rolling restart for a rotation.
        assertThat(NodePod.templateHash(NodePod.build(model, 2))).isEqualTo(NodePod.templateHashOf(pod));
    }

    @Test
    void claimsAndServicesFollowTheSpec() {
        MuninnCluster cluster = cluster(3, 0, Map.of());
        cluster.getSpec().getStorage().setSize("20Gi");
        cluster.getSpec().getStorage().setStorageClassName("fast");
        ClusterModel model = ClusterModel.from(cluster);
        PersistentVolumeClaim claim = NodeClaim.build(model, 2);
        assertThat(claim.getMetadata().getName()).isEqualTo("data-raven-2");
        assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("20Gi");
        assertThat(claim.getSpec().getStorageClassName()).isEqualTo("fast");
        Service headless = ClusterServices.headless(model);
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
        assertThat(headless.getSpec().getSelector()).isEqualTo(model.nodeSelector());
        assertThat(ClusterServices.client(model).getMetadata().getName()).isEqualTo("raven");
    }

    @Test
    void everyNodeMountsTheBackupVolumeWhenTheClusterHasOne() {
        MuninnCluster cluster = unsecured(cluster(3, 0, Map.of()));
        assertThat(NodePod.build(ClusterModel.from(cluster), 0).getSpec().getVolumes()).hasSize(1);
        assertThat(ClusterModel.localBackupRoot(cluster.getSpec())).isEqualTo("/data/backups");
        dev.muninn.operator.api.v1alpha1.spec.BackupVolume volume = new dev.muninn.operator.api.v1alpha1.spec.BackupVolume();
        volume.setClaimName("shared-backups");
        cluster.getSpec().setBackupVolume(volume);
        ClusterModel model = ClusterModel.from(cluster);
        for (int ordinal = 0; ordinal < 3; ordinal++) {
            Pod pod = NodePod.build(model, ordinal);
            assertThat(pod.getSpec().getVolumes()).anySatisfy(v -> assertThat(v.getPersistentVolumeClaim()
                    .getClaimName()).isEqualTo("shared-backups"));
            assertThat(pod.getSpec().getContainers().get(0).getVolumeMounts()).anySatisfy(m ->
                    assertThat(m.getMountPath()).isEqualTo("/backups"));
        }
        assertThat(ClusterModel.localBackupRoot(cluster.getSpec())).isEqualTo("/backups");
    }

    @Test
    void theDisruptionBudgetKeepsAQuorumOfVoters() {
        PodDisruptionBudget three = NodeDisruptionBudget.build(ClusterModel.from(cluster(3, 0, Map.of())));
        assertThat(three.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(three.getSpec().getSelector().getMatchLabels()).doesNotContainKey(Labels.ROLE);
        assertThat(NodeDisruptionBudget.build(ClusterModel.from(cluster(5, 2, Map.of()))).getSpec()
                .getMaxUnavailable().getIntVal()).as("3 voters: one may go").isEqualTo(1);
        assertThat(NodeDisruptionBudget.build(ClusterModel.from(cluster(1, 0, Map.of()))).getSpec()
                .getMaxUnavailable().getIntVal()).as("a single voter: none may go").isZero();
        assertThat(ClusterModel.from(cluster(5, 0, Map.of())).quorum()).isEqualTo(3);
        assertThat(ClusterModel.from(cluster(1, 0, Map.of())).quorum()).isEqualTo(1);
        ClusterModel withWatchers = ClusterModel.from(cluster(5, 2, Map.of()));
        assertThat(withWatchers.voters()).isEqualTo(3);
        assertThat(withWatchers.quorum()).isEqualTo(2);
        assertThat(withWatchers.isWatcher(2)).isFalse();
        assertThat(withWatchers.isWatcher(3)).isTrue();
    }

    @Test
    void specsTheOperatorWillNotRunAreRefusedWithTheReason() {
        assertThatThrownBy(() -> ClusterModel.from(cluster(0, 0, Map.of())))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("spec.nodes must be at least 1");
        assertThatThrownBy(() -> ClusterModel.from(cluster(3, 3, Map.of())))
                .hasMessageContaining("spec.watchers must be between 0 and spec.nodes - 1");
        assertThatThrownBy(() -> ClusterModel.from(cluster(3, 0, Map.of("DataDir", "/tmp", "ServerUrl", "x"))))
                .hasMessageContaining("[DataDir, ServerUrl]").hasMessageContaining("operator sets them");
        MuninnCluster noSpec = cluster(1, 0, Map.of());
        noSpec.setSpec(null);
        assertThatThrownBy(() -> ClusterModel.from(noSpec)).hasMessageContaining("spec is required");
    }

    @Test
    void tagsAreSpreadsheetColumnsBothWays() {
        assertThat(NodeTags.ofOrdinal(0)).isEqualTo("A");
        assertThat(NodeTags.ofOrdinal(25)).isEqualTo("Z");
        assertThat(NodeTags.ofOrdinal(26)).isEqualTo("AA");
        assertThat(NodeTags.ofOrdinal(701)).isEqualTo("ZZ");
        for (int i = 0; i < 1000; i++) {
            assertThat(NodeTags.ordinalOf(NodeTags.ofOrdinal(i))).isEqualTo(i);
        }
        assertThatThrownBy(() -> NodeTags.ordinalOf("a1")).isInstanceOf(IllegalArgumentException.class);
    }
}
