package dev.muninn.operator.model;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

/**
 * A node's data volume claim. Owned by the cluster, not the pod: a deleted pod comes back to the same data; a
 * claim is deleted only when its node is removed (or the cluster is).
 */
public final class NodeClaim {
    private NodeClaim() {
    }

    public static PersistentVolumeClaim build(ClusterModel model, int ordinal) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                    .withName(model.claimName(ordinal))
                    .withNamespace(model.namespace())
                    .withLabels(model.nodeLabels(ordinal))
                    .withOwnerReferences(model.owner())
                .endMetadata()
                .withNewSpec()
                    .withAccessModes("ReadWriteOnce")
                    .withStorageClassName(model.storageClassName())
                    .withNewResources()
                        .addToRequests("storage", new Quantity(model.storageSize()))
                    .endResources()
                .endSpec()
                .build();
    }
}
