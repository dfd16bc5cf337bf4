package dev.muninn.kubelet;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Dynamic provisioning for the "standard" StorageClass, as kind's local-path provisioner does it: a claim the
 * PV controller hands to this provisioner (and, with WaitForFirstConsumer, the scheduler placed on this node)
 * gets a PersistentVolume backed by a fresh directory under the data root; a released volume with the Delete
 * policy loses its directory and its PersistentVolume. Deleting a claim loses its data, as in a cluster.
 */
final class LocalPathProvisioner implements AutoCloseable {
    static final String NAME = "muninn.dev/local-path";
    private static final List<String> PROVISIONER_ANNOTATIONS = List.of(
            "volume.kubernetes.io/storage-provisioner", "volume.beta.kubernetes.io/storage-provisioner");
    private static final String SELECTED_NODE = "volume.kubernetes.io/selected-node";

    private final KubernetesClient client;
    private final String nodeName;
    private final Path dataRoot;
    private SharedIndexInformer<PersistentVolumeClaim> claims;
    private SharedIndexInformer<PersistentVolume> volumes;

    LocalPathProvisioner(KubernetesClient client, String nodeName, Path dataRoot) {
        this.client = client;
        this.nodeName = nodeName;
        this.dataRoot = dataRoot;
    }

    void start() throws IOException {
        Files.createDirectories(dataRoot);
        claims = client.persistentVolumeClaims().inAnyNamespace().inform(onEveryVersion(this::provisionIfNeeded), 30_000);
        volumes = client.persistentVolumes().inform(onEveryVersion(this::deleteIfReleased), 30_000);
    }

    /** A handler that looks at every version of an object it is told of (added, updated or resynced). */
    private static <T> ResourceEventHandler<T> onEveryVersion(java.util.function.Consumer<T> action) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                action.accept(object);
            }

            @Override
            public void onUpdate(T old, T object) {
                action.accept(object);
            }

            @Override
            public void onDelete(T object, boolean unknownFinalState) {
                // a deleted claim's volume is released and handled as such; a deleted volume needs nothing
            }
        };
    }

    private synchronized void provisionIfNeeded(PersistentVolumeClaim claim) {
        Map<String, String> annotations = ContainerEnvironment.nullSafe(claim.getMetadata().getAnnotations());
        boolean ours = PROVISIONER_ANNOTATIONS.stream().anyMatch(a -> NAME.equals(annotations.get(a)));
        if (!ours || claim.getSpec().getVolumeName() != null && !claim.getSpec().getVolumeName().isEmpty()
                || claim.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        String selected = annotations.get(SELECTED_NODE);
        StorageClass storageClass = client.storage().v1().storageClasses()
                .withName(claim.getSpec().getStorageClassName()).get();
        if (storageClass == null) {
            return;
        }
        if ("WaitForFirstConsumer".equals(storageClass.getVolumeBindingMode()) && !nodeName.equals(selected)) {
            return;
        }
        String pvName = "pvc-" + claim.getMetadata().getUid();
        if (client.persistentVolumes().withName(pvName).get() != null) {
            return;
        }
        Path dir = dataRoot.resolve(pvName + "_" + claim.getMetadata().getNamespace() + "_" + claim.getMetadata().getName());
        try {
            Files.createDirectories(dir);
            Quantity size = claim.getSpec().getResources().getRequests().get("storage");
            PersistentVolume volume = new PersistentVolumeBuilder()
                    .withNewMetadata().withName(pvName)
                    .addToAnnotations("pv.kubernetes.io/provisioned-by", NAME)
                    .endMetadata()
                    .withNewSpec()
                    .withCapacity(Map.of("storage", size))
                    .withAccessModes(claim.getSpec().getAccessModes())
                    .withPersistentVolumeReclaimPolicy(storageClass.getReclaimPolicy() == null ? "Delete"
                            : storageClass.getReclaimPolicy())
                    .withStorageClassName(storageClass.getMetadata().getName())
                    .withVolumeMode(claim.getSpec().getVolumeMode() == null ? "Filesystem" : claim.getSpec().getVolumeMode())
                    .withNewClaimRef().withApiVersion("v1").withKind("PersistentVolumeClaim")
                    .withNamespace(claim.getMetadata().getNamespace()).withName(claim.getMetadata().getName())
                    .withUid(claim.getMetadata().getUid()).endClaimRef()
                    .withNewHostPath().withPath(dir.toString()).withType("DirectoryOrCreate").endHostPath()
                    .withNewNodeAffinity().withNewRequired().addNewNodeSelectorTerm().addNewMatchExpression()
                    .withKey("kubernetes.io/hostname").withOperator("In").withValues(nodeName)
                    .endMatchExpression().endNodeSelectorTerm().endRequired().endNodeAffinity()
                    .endSpec()
                    .build();
            client.persistentVolumes().resource(volume).create();
            Log.info("volume-provisioned", "claim", claim.getMetadata().getNamespace() + "/" + claim.getMetadata().getName(),
                    "volume", pvName, "dir", dir);
        } catch (IOException | KubernetesClientException e) {
            Log.warn("volume-provisioning-failed", "claim", claim.getMetadata().getName(), "error", e.getMessage());
        }
    }

    private synchronized void deleteIfReleased(PersistentVolume volume) {
        Map<String, String> annotations = ContainerEnvironment.nullSafe(volume.getMetadata().getAnnotations());
        if (!NAME.equals(annotations.get("pv.kubernetes.io/provisioned-by")) || volume.getStatus() == null
                || !"Released".equals(volume.getStatus().getPhase())
                || !"Delete".equals(volume.getSpec().getPersistentVolumeReclaimPolicy())) {
            return;
        }
        Path dir = Path.of(volume.getSpec().getHostPath().getPath());
        if (!dir.startsWith(dataRoot)) {
            return;
        }
        try (Stream<Path> paths = Files.exists(dir) ? Files.walk(dir) : Stream.empty()) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            client.persistentVolumes().withName(volume.getMetadata().getName()).delete();
            Log.info("volume-deleted", "volume", volume.getMetadata().getName(), "dir", dir);
        } catch (IOException | KubernetesClientException e) {
            Log.warn("volume-deletion-failed", "volume", volume.getMetadata().getName(), "error", e.getMessage());
        }
    }

    @Override
    public void close() {
        if (claims != null) {
            claims.close();
        }
        if (volumes != null) {
            volumes.close();
        }
    }
}
