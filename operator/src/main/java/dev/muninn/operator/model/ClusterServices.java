package dev.muninn.operator.model;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

/**
 * The cluster's Services: a headless one that gives every node a stable DNS name (published before the node is
 * ready: nodes must find each other to become ready), and a client one over the ready nodes.
 */
public final class ClusterServices {
    private ClusterServices() {
    }

    public static Service headless(ClusterModel model) {
        return new ServiceBuilder()
                .withNewMetadata()
                    .withName(model.headlessServiceName())
                    .withNamespace(model.namespace())
                    .withLabels(model.labels())
                    .withOwnerReferences(model.owner())
                .endMetadata()
                .withNewSpec()
                    .withClusterIP("None")
                    .withPublishNotReadyAddresses(true)
                    .withSelector(model.nodeSelector())
                    .addNewPort().withName("http").withPort(ClusterModel.HTTP_PORT).endPort()
                    .addNewPort().withName("raft").withPort(ClusterModel.RAFT_PORT).endPort()
                .endSpec()
                .build();
    }

    public static Service client(ClusterModel model) {
        return new ServiceBuilder()
                .withNewMetadata()
                    .withName(model.clientServiceName())
                    .withNamespace(model.namespace())
                    .withLabels(model.labels())
                    .withOwnerReferences(model.owner())
                .endMetadata()
                .withNewSpec()
                    .withSelector(model.nodeSelector())
                    .addNewPort().withName("http").withPort(ClusterModel.HTTP_PORT).endPort()
                .endSpec()
                .build();
    }
}
