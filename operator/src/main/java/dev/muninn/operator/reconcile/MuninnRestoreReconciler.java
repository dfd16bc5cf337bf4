package dev.muninn.operator.reconcile;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;

import dev.muninn.nodeclient.NodeAdminClient;
import dev.muninn.operator.api.v1alpha1.MuninnRestore;
import dev.muninn.operator.api.v1alpha1.MuninnRestoreStatus;
import dev.muninn.operator.model.BackupConfigs;
import dev.muninn.operator.model.InvalidSpecException;

/**
 * A MuninnRestore runs once: it starts the node's restore into a new database (one copy, on the node that restores;
 * a MuninnDatabase naming it then raises its factor) and follows the operation until it completes or fails.
 */
@ControllerConfiguration(name = "muninnrestore")
public class MuninnRestoreReconciler extends OneShotOperationReconciler<MuninnRestore, MuninnRestoreStatus> {

    public MuninnRestoreReconciler(KubernetesClient client, NodeAdminClient admin) {
        super(client, admin, MuninnRestoreStatus::new);
    }

    @Override
    Optional<Started> start(MuninnRestore restore, MuninnRestoreStatus status, long generation) {
        String namespace = restore.getMetadata().getNamespace();
        String database = restore.getSpec().getDatabase();
        ClusterNodes.Seen cluster = nodes.seen(namespace, restore.getSpec().getClusterRef().getName());
        Optional<String> node = cluster.readyNode();
        if (node.isEmpty()) {
            waiting(status, "ClusterNotReady", "The cluster has no ready node yet", generation);
            return Optional.empty();
        }
        if (admin.database(node.get(), database).isPresent()) {
            throw new InvalidSpecException("Database '" + database + "' already exists: a restore creates a new one");
        }
        long operation = admin.restore(node.get(), BackupConfigs.restore(restore.getSpec(),
                nodes.credentials(namespace, restore.getSpec().getSource()),
                cluster.localBackupRoot()));
        return Optional.of(new Started(node.get(), operation, "Restoring into '" + database + "' on " + node.get()));
    }

    @Override
    String completed(MuninnRestore restore, MuninnRestoreStatus status, JsonNode result) {
        status.setDocumentsRestored(result.path("Documents").path("ReadCount").asLong());
        return "Restored " + status.getDocumentsRestored() + " documents into '" + restore.getSpec().getDatabase()
                + "'";
    }

    @Override
    String subject() {
        return "Restore";
    }
}
