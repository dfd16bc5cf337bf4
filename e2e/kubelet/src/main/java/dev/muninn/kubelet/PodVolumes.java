package dev.muninn.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.muninn.kubelet.ContainerEnvironment.nullSafe;

/**
 * A pod's volumes as directories on this machine, bind-mounted at their mount paths in the container's own mount
 * namespace. PersistentVolumeClaims mount their PersistentVolume's directory (the local-path provisioner's);
 * configMap, secret, downwardAPI and projected volumes (the service-account token among them) are written here
 * and refreshed while the pod runs.
 */
final class PodVolumes {
    /** Thrown while a volume cannot be set up yet (a claim not bound, a missing config map): retried. */
    static final class NotReady extends Exception {
        NotReady(String message) {
            super(message);
        }
    }

    /** One bind mount: a directory or file on this machine at a path in the container. */
    record Mount(Path source, String target, boolean readOnly) {
    }

    private final KubernetesClient client;
    private final Pod pod;
    private final Path volumesDir;
    private final Map<String, Path> sources = new HashMap<>();
    private final Map<String, Instant> tokenRefreshDue = new HashMap<>();
    private String podIp;

    PodVolumes(KubernetesClient client, Pod pod, Path podDir) {
        this.client = client;
        this.pod = pod;
        this.volumesDir = podDir.resolve("volumes");
    }

    /** Sets up every volume; safe to call again (only what changed is rewritten). */
    void prepare(String podIp) throws IOException, NotReady {
        this.podIp = podIp;
        for (Volume volume : nullSafe(pod.getSpec().getVolumes())) {
            sources.put(volume.getName(), prepare(volume));
        }
    }

    /** Rewrites config maps, secrets and downward API files, and renews tokens that are due. */
    void refresh() {
        for (Volume volume : nullSafe(pod.getSpec().getVolumes())) {
            if (volume.getConfigMap() != null || volume.getSecret() != null || volume.getProjected() != null
                    || volume.getDownwardAPI() != null) {
                try {
                    prepare(volume);
                } catch (IOException | NotReady | RuntimeException e) {
                    Log.warn("volume-refresh-failed", "pod", key(), "volume", volume.getName(), "error", e.getMessage());
                }
            }
        }
    }

    List<Mount> mounts(Container container) throws NotReady {
        List<Mount> mounts = new ArrayList<>();
        for (VolumeMount mount : nullSafe(container.getVolumeMounts())) {
            Path source = sources.get(mount.getName());
            if (source == null) {
                throw new NotReady("volume " + mount.getName() + " is not set up");
            }
            if (mount.getSubPath() != null && !mount.getSubPath().isEmpty()) {
                source = source.resolve(mount.getSubPath()).normalize();
                try {
                    if (!Files.exists(source)) {
                        Files.createDirectories(source);
                    }
                } catch (IOException e) {
                    throw new NotReady("subPath " + mount.getSubPath() + ": " + e.getMessage());
                }
            }
            mounts.add(new Mount(source, mount.getMountPath(), Boolean.TRUE.equals(mount.getReadOnly())));
        }
        return MountOrder.sort(mounts);
    }

    private Path prepare(Volume volume) throws IOException, NotReady {
        Path dir = volumesDir.resolve(volume.getName());
        if (volume.getPersistentVolumeClaim() != null) {
            return claimDirectory(volume.getPersistentVolumeClaim().getClaimName());
        }
        if (volume.getHostPath() != null) {
            Path path = Path.of(volume.getHostPath().getPath());
            if ("DirectoryOrCreate".equals(volume.getHostPath().getType())) {
                Files.createDirectories(path);
            }
            return path;
        }
        Files.createDirectories(dir);
        if (volume.getEmptyDir() != null) {
            return dir;
        }
        if (volume.getConfigMap() != null) {
            var source = volume.getConfigMap();
            writeConfigMap(dir, source.getName(), source.getItems(), Boolean.TRUE.equals(source.getOptional()));
        } else if (volume.getSecret() != null) {
            var source = volume.getSecret();
            writeSecret(dir, source.getSecretName(), source.getItems(), Boolean.TRUE.equals(source.getOptional()));
        } else if (volume.getDownwardAPI() != null) {
            writeDownward(dir, volume.getDownwardAPI().getItems());
        } else if (volume.getProjected() != null) {
            for (VolumeProjection projection : nullSafe(volume.getProjected().getSources())) {
                if (projection.getServiceAccountToken() != null) {
                    writeToken(dir, volume.getName(), projection.getServiceAccountToken());
                } else if (projection.getConfigMap() != null) {
                    var source = projection.getConfigMap();
                    writeConfigMap(dir, source.getName(), source.getItems(), Boolean.TRUE.equals(source.getOptional()));
                } else if (projection.getSecret() != null) {
                    var source = projection.getSecret();
                    writeSecret(dir, source.getName(), source.getItems(), Boolean.TRUE.equals(source.getOptional()));
                } else if (projection.getDownwardAPI() != null) {
                    writeDownward(dir, projection.getDownwardAPI().getItems());
                } else {
                    throw new NotReady("projected volume " + volume.getName() + ": source not supported here");
                }
            }
        } else {
            throw new NotReady("volume " + volume.getName() + ": this volume type is not supported by the process kubelet");
        }
        return dir;
    }

    private Path claimDirectory(String claimName) throws NotReady {
        String namespace = pod.getMetadata().getNamespace();
        PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace(namespace).withName(claimName).get();
        if (claim == null) {
            throw new NotReady("persistentvolumeclaim \"" + claimName + "\" not found");
        }
        if (claim.getStatus() == null || !"Bound".equals(claim.getStatus().getPhase())) {
            throw new NotReady("persistentvolumeclaim \"" + claimName + "\" is not bound");
        }
        PersistentVolume volume = client.persistentVolumes().withName(claim.getSpec().getVolumeName()).get();
        if (volume == null) {
            throw new NotReady("persistentvolume \"" + claim.getSpec().getVolumeName() + "\" not found");
        }
        String path = volume.getSpec().getHostPath() != null ? volume.getSpec().getHostPath().getPath()
                : volume.getSpec().getLocal() != null ? volume.getSpec().getLocal().getPath() : null;
        if (path == null) {
            throw new NotReady("persistentvolume \"" + volume.getMetadata().getName() + "\" is neither hostPath nor local");
        }
        return Path.of(path);
    }

    private void writeConfigMap(Path dir, String name, List<KeyToPath> items, boolean optional) throws IOException, NotReady {
        ConfigMap map = client.configMaps().inNamespace(pod.getMetadata().getNamespace()).withName(name).get();
        if (map == null) {
            if (optional) {
                return;
            }
            throw new NotReady("configmap \"" + name + "\" not found");
        }
        Map<String, byte[]> files = new HashMap<>();
        nullSafe(map.getData()).forEach((k, v) -> files.put(k, v.getBytes(StandardCharsets.UTF_8)));
        nullSafe(map.getBinaryData()).forEach((k, v) -> files.put(k, Base64.getDecoder().decode(v)));
        writeKeys(dir, files, items);
    }

    private void writeSecret(Path dir, String name, List<KeyToPath> items, boolean optional) throws IOException, NotReady {
        Secret secret = client.secrets().inNamespace(pod.getMetadata().getNamespace()).withName(name).get();
        if (secret == null) {
            if (optional) {
                return;
            }
            throw new NotReady("secret \"" + name + "\" not found");
        }
        Map<String, byte[]> files = new HashMap<>();
        nullSafe(secret.getData()).forEach((k, v) -> files.put(k, Base64.getDecoder().decode(v)));
        writeKeys(dir, files, items);
    }

    private void writeKeys(Path dir, Map<String, byte[]> files, List<KeyToPath> items) throws IOException {
        if (items == null || items.isEmpty()) {
            for (var e : files.entrySet()) {
                write(dir.resolve(e.getKey()), e.getValue());
            }
            return;
        }
        for (KeyToPath item : items) {
            byte[] content = files.get(item.getKey());
            if (content != null) {
                write(dir.resolve(item.getPath()), content);
            }
        }
    }

    private void writeDownward(Path dir, List<DownwardAPIVolumeFile> items) throws IOException, NotReady {
        for (DownwardAPIVolumeFile item : nullSafe(items)) {
            if (item.getFieldRef() == null) {
                throw new NotReady("downwardAPI " + item.getPath() + ": only fieldRef is supported here");
            }
            try {
                String value = ContainerEnvironment.field(pod, item.getFieldRef().getFieldPath(), podIp);
                write(dir.resolve(item.getPath()), value.getBytes(StandardCharsets.UTF_8));
            } catch (ContainerEnvironment.ConfigError e) {
                throw new NotReady(e.getMessage());
            }
        }
    }

    /** A bound token as the real kubelet asks for it: audience, expiry, bound to this pod; renewed at 80 %. */
    private void writeToken(Path dir, String volumeName, ServiceAccountTokenProjection projection) throws IOException {
        String due = volumeName + "/" + projection.getPath();
        if (Instant.now().isBefore(tokenRefreshDue.getOrDefault(due, Instant.MIN))) {
            return;
        }
        long expiration = projection.getExpirationSeconds() == null ? 3607 : projection.getExpirationSeconds();
        TokenRequest request = new TokenRequestBuilder()
                .withNewSpec()
                .withAudiences(projection.getAudience() == null || projection.getAudience().isEmpty()
                        ? List.of() : List.of(projection.getAudience()))
                .withExpirationSeconds(expiration)
                .withNewBoundObjectRef().withApiVersion("v1").withKind("Pod")
                .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).endBoundObjectRef()
                .endSpec().build();
        String account = pod.getSpec().getServiceAccountName() == null ? "default" : pod.getSpec().getServiceAccountName();
        TokenRequest answer = client.serviceAccounts().inNamespace(pod.getMetadata().getNamespace()).withName(account)
                .tokenRequest(request);
        write(dir.resolve(projection.getPath()), answer.getStatus().getToken().getBytes(StandardCharsets.UTF_8));
        tokenRefreshDue.put(due, Instant.now().plus(Duration.ofSeconds(expiration * 8 / 10)));
    }

    /** Written beside and moved into place, so a reader never sees half a file. */
    private static void write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        if (Files.exists(file) && java.util.Arrays.equals(Files.readAllBytes(file), content)) {
            return;
        }
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.write(temp, content);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private String key() {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }
}
