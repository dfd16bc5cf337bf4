package dev.muninn.operator.reconcile;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

import dev.muninn.operator.api.v1alpha1.MuninnCluster;
import dev.muninn.operator.api.v1alpha1.spec.BackupStorage;
import dev.muninn.operator.api.v1alpha1.spec.NodeStatus;
import dev.muninn.operator.api.v1alpha1.spec.SecretKeys;
import dev.muninn.operator.model.BackupConfigs;
import dev.muninn.operator.model.InvalidSpecException;

/** What the resources that live on a cluster read of it: a ready node to call, and credentials from Secrets. */
final class ClusterNodes {
    private final KubernetesClient client;

    ClusterNodes(KubernetesClient client) {
        this.client = client;
    }

    /**
     * What a resource needs of the cluster it lives on, read once: the ready nodes (with their URLs) as the
     * cluster's status lists them, and the folder local backup paths are relative to on its nodes.
     */
    record Seen(List<NodeStatus> readyNodes, String localBackupRoot) {
        /** The URL of a ready node, if there is one. */
        Optional<String> readyNode() {
            return readyNodes.stream().map(NodeStatus::getUrl).findFirst();
        }
    }

    /** The named cluster as {@link Seen}; no ready node when it does not exist or has no status yet. */
    Seen seen(String namespace, String cluster) {
        MuninnCluster resource = client.resources(MuninnCluster.class).inNamespace(namespace).withName(cluster).get();
        List<NodeStatus> ready = resource == null || resource.getStatus() == null ? List.of()
                : resource.getStatus().getNodes().stream().filter(NodeStatus::isReady)
                        .filter(n -> n.getUrl() != null).toList();
        return new Seen(ready, dev.muninn.operator.model.ClusterModel.localBackupRoot(
                resource == null ? null : resource.getSpec()));
    }

    /** The URL of a ready node of the named cluster, as its status lists them. */
    Optional<String> readyNode(String namespace, String cluster) {
        return seen(namespace, cluster).readyNode();
    }

    /** The S3 keys of the storage's Secret; null when it names none; a clear error when it is missing. */
    BackupConfigs.Credentials credentials(String namespace, BackupStorage storage) {
        if (storage == null || storage.getS3() == null || storage.getS3().getCredentialsSecret() == null) {
            return null;
        }
        SecretKeys keys = storage.getS3().getCredentialsSecret();
        Secret secret = client.secrets().inNamespace(namespace).withName(keys.getName()).get();
        if (secret == null) {
            throw new InvalidSpecException("Secret '" + keys.getName() + "' (S3 credentials) does not exist");
        }
        return new BackupConfigs.Credentials(value(secret, keys.getAccessKeyIdKey()),
                value(secret, keys.getSecretAccessKeyKey()));
    }

    private static String value(Secret secret, String key) {
        Map<String, String> data = secret.getData();
        if (data != null && data.containsKey(key)) {
            return new String(Base64.getDecoder().decode(data.get(key)), StandardCharsets.UTF_8);
        }
        Map<String, String> plain = secret.getStringData();
        if (plain != null && plain.containsKey(key)) {
            return plain.get(key);
        }
        throw new InvalidSpecException("Secret '" + secret.getMetadata().getName() + "' has no key '" + key + "'");
    }
}
