package dev.muninn.operator.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * A node's pod. Its identity comes from the ordinal: the name, the DNS name it advertises (PublicServerUrl and the
 * Raft address), its claim and its tag. It listens on its own pod IP (from the downward API): on the local control
 * plane every pod shares the host's network, so 0.0.0.0 would collide. Settings from the spec become
 * {@code MUNINN_<name>} variables, dots written as underscores, as the node reads them.
 */
public final class NodePod {
    private static final String DATA_VOLUME = "data";
    private static final String BACKUP_VOLUME = "backups";
    private static final String TLS_VOLUME = "tls";
    private static final String MASTER_KEY_VOLUME = "master-key";
    static final String TLS_PATH = "/etc/muninn/tls";
    static final String MASTER_KEY_PATH = "/etc/muninn/master-key";

    private NodePod() {
    }

    /** The annotation holding {@link #templateHash} of the spec a pod was created from. */
    public static final String TEMPLATE_HASH = "muninn.dev/pod-template-hash";

    public static Pod build(ClusterModel model, int ordinal) {
        Pod pod = new PodBuilder()
                .withNewMetadata()
                    .withName(model.podName(ordinal))
                    .withNamespace(model.namespace())
                    .withLabels(model.nodeLabels(ordinal))
                    .withOwnerReferences(model.owner())
                .endMetadata()
                .withNewSpec()
                    .withHostname(model.podName(ordinal))
                    .withSubdomain(model.headlessServiceName())
                    .withRestartPolicy("Always")
                    .withTerminationGracePeriodSeconds(30L)
                    .addNewContainer()
                        .withName("node")
                        .withImage(model.image())
                        .withEnv(environment(model, ordinal))
                        .addNewPort().withName("http").withContainerPort(ClusterModel.HTTP_PORT).endPort()
                        .addNewPort().withName("raft").withContainerPort(ClusterModel.RAFT_PORT).endPort()
                        .withResources(model.resources())
                        .addNewVolumeMount().withName(DATA_VOLUME).withMountPath(ClusterModel.DATA_PATH).endVolumeMount()
                        // A node replays its Raft log and opens its databases before it answers: up to two minutes.
                        // The first answer may wait on a cold JVM's first TLS handshake (seconds on a busy node):
                        // a timeout there would cost a whole probe period more before the pod is ready.
                        .withStartupProbe(httpProbe(model, "/health/live", 2, 60, 10))
                        .withLivenessProbe(httpProbe(model, "/health/live", 10, 3, 3))
                        .withReadinessProbe(httpProbe(model, "/health/ready", 5, 2, 3))
                    .endContainer()
                    .addNewVolume()
                        .withName(DATA_VOLUME)
                        .withNewPersistentVolumeClaim().withClaimName(model.claimName(ordinal)).endPersistentVolumeClaim()
                    .endVolume()
                    .addNewTopologySpreadConstraint()
                        .withMaxSkew(1)
                        .withTopologyKey("kubernetes.io/hostname")
                        .withWhenUnsatisfiable("ScheduleAnyway")
                        .withNewLabelSelector().withMatchLabels(model.nodeSelector()).endLabelSelector()
                    .endTopologySpreadConstraint()
                .endSpec()
                .build();
        if (model.secured()) {
            // Secrets, not files baked into the pod: a renewed certificate reaches the running node (it re-reads it).
            pod.getSpec().getVolumes().add(new VolumeBuilder().withName(TLS_VOLUME).withNewSecret()
                    .withSecretName(ClusterCertificates.nodeSecretName(model, ordinal)).endSecret().build());
            pod.getSpec().getVolumes().add(new VolumeBuilder().withName(MASTER_KEY_VOLUME).withNewSecret()
                    .withSecretName(ClusterCertificates.masterKeySecretName(model)).endSecret().build());
            pod.getSpec().getContainers().get(0).getVolumeMounts().add(new VolumeMountBuilder().withName(TLS_VOLUME)
                    .withMountPath(TLS_PATH).withReadOnly(true).build());
            pod.getSpec().getContainers().get(0).getVolumeMounts().add(new VolumeMountBuilder()
                    .withName(MASTER_KEY_VOLUME).withMountPath(MASTER_KEY_PATH).withReadOnly(true).build());
        }
        if (model.backupClaim() != null) {
            pod.getSpec().getVolumes().add(new VolumeBuilder().withName(BACKUP_VOLUME).withNewPersistentVolumeClaim()
                    .withClaimName(model.backupClaim()).endPersistentVolumeClaim().build());
            pod.getSpec().getContainers().get(0).getVolumeMounts().add(new VolumeMountBuilder()
                    .withName(BACKUP_VOLUME).withMountPath(ClusterModel.BACKUP_VOLUME_PATH).build());
        }
        pod.getMetadata().setAnnotations(Map.of(TEMPLATE_HASH, templateHash(pod)));
        return pod;
    }

    /**
     * A digest of a pod as this operator builds it (its spec and labels): a pod whose annotation differs was made
     * from another spec (image, resources, settings, or an operator that builds pods differently) and is replaced
     * by a rolling update: pods are never changed in place.
     */
    public static String templateHash(Pod pod) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((Serialization.asJson(pod.getSpec())
                    + Serialization.asJson(new java.util.TreeMap<>(pod.getMetadata().getLabels())))
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** The template hash a pod was created with; null for a pod without one. */
    public static String templateHashOf(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(TEMPLATE_HASH);
    }

    static final String UNSECURED_ACCESS = "Security.UnsecuredAccessAllowed";

    static List<EnvVar> environment(ClusterModel model, int ordinal) {
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVarBuilder().withName("POD_IP").withNewValueFrom().withNewFieldRef()
                .withFieldPath("status.podIP").endFieldRef().endValueFrom().build());
        env.add(setting("ServerUrl", model.scheme() + "://$(POD_IP):" + ClusterModel.HTTP_PORT));
        env.add(setting("ServerUrl.Tcp", "$(POD_IP):" + ClusterModel.RAFT_PORT));
        env.add(setting("PublicServerUrl", model.nodeUrl(ordinal)));
        env.add(setting("PublicServerUrl.Tcp", model.nodeHost(ordinal) + ":" + ClusterModel.RAFT_PORT));
        env.add(setting("DataDir", ClusterModel.DATA_PATH));
        if (model.secured()) {
            env.add(setting("Security.Certificate.Path", TLS_PATH + "/" + ClusterCertificates.TLS_CRT));
            env.add(setting("Security.Certificate.Key.Path", TLS_PATH + "/" + ClusterCertificates.TLS_KEY));
            env.add(setting("Security.Certificate.Ca.Path", TLS_PATH + "/" + ClusterCertificates.CA_CRT));
            env.add(setting("Security.MasterKey.Path", MASTER_KEY_PATH + "/" + ClusterCertificates.MASTER_KEY));
            env.add(setting("Security.WellKnownCertificates.Admin", String.join(",", model.wellKnownAdmins())));
        } else if (!model.settings().containsKey(UNSECURED_ACCESS)) {
            // Nodes listen on their pod IP, a private address, and have no certificate yet (ADR 0020): the node
            // refuses to start there unless told which clients may reach it unsecured.
            env.add(setting(UNSECURED_ACCESS, "PrivateNetwork"));
        }
        for (Map.Entry<String, String> setting : model.settings().entrySet()) {
            env.add(setting(setting.getKey(), setting.getValue()));
        }
        return env;
    }

    private static EnvVar setting(String name, String value) {
        return new EnvVar("MUNINN_" + name.replace('.', '_'), value, null);
    }

    private static Probe httpProbe(ClusterModel model, String path, int periodSeconds, int failureThreshold,
                                   int timeoutSeconds) {
        // Health checks answer without a client certificate: the kubelet has none.
        return new ProbeBuilder()
                .withNewHttpGet().withPath(path).withPort(new IntOrString("http"))
                .withScheme(model.secured() ? "HTTPS" : "HTTP").endHttpGet()
                .withPeriodSeconds(periodSeconds)
                .withTimeoutSeconds(timeoutSeconds)
                .withFailureThreshold(failureThreshold)
                .build();
    }
}
