package dev.muninn.operator.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;

import dev.muninn.nodeclient.DatabaseTopology;
import dev.muninn.nodeclient.NodeAdminClient;
import dev.muninn.operator.api.v1alpha1.MuninnBackup;
import dev.muninn.operator.api.v1alpha1.MuninnBackupStatus;
import dev.muninn.operator.api.v1alpha1.spec.NodeStatus;
import dev.muninn.operator.model.BackupConfigs;

/**
 * A MuninnBackup runs once: the client's BackupOperation on a ready node that holds the database as a member (a
 * backup is taken from a copy that is caught up), followed until it completes; the status says what file it wrote,
 * where, how large and how long it took.
 */
@ControllerConfiguration(name = "muninnbackup")
public class MuninnBackupReconciler extends OneShotOperationReconciler<MuninnBackup, MuninnBackupStatus> {

    public MuninnBackupReconciler(KubernetesClient client, NodeAdminClient admin) {
        super(client, admin, MuninnBackupStatus::new);
    }

    @Override
    Optional<Started> start(MuninnBackup backup, MuninnBackupStatus status, long generation) {
        String namespace = backup.getMetadata().getNamespace();
        String database = backup.getSpec().getDatabase();
        ClusterNodes.Seen cluster = nodes.seen(namespace, backup.getSpec().getClusterRef().getName());
        List<NodeStatus> ready = cluster.readyNodes();
        if (ready.isEmpty()) {
            waiting(status, "ClusterNotReady", "The cluster has no ready node yet", generation);
            return Optional.empty();
        }
        Optional<DatabaseTopology> topology = admin.database(ready.get(0).getUrl(), database);
        if (topology.isEmpty()) {
            waiting(status, "DatabaseNotFound", "Database '" + database + "' does not exist (yet)", generation);
            return Optional.empty();
        }
        Optional<NodeStatus> member = ready.stream().filter(n -> topology.get().members().contains(n.getTag()))
                .findFirst();
        if (member.isEmpty()) {
            waiting(status, "NoReadyMember", "No ready node holds '" + database + "' as a member (members "
                    + topology.get().members() + ")", generation);
            return Optional.empty();
        }
        String url = member.get().getUrl();
        long operation = admin.backup(url, database, BackupConfigs.oneTimeBackup(backup.getSpec(),
                nodes.credentials(namespace, backup.getSpec().getDestination()),
                cluster.localBackupRoot()));
        return Optional.of(new Started(url, operation, "Backing up '" + database + "' on node "
                + member.get().getTag()));
    }

    @Override
    String completed(MuninnBackup backup, MuninnBackupStatus status, JsonNode result) {
        status.setDocuments(result.path("Documents").path("ReadCount").asLong());
        if (result.path("FileSize").asLong(-1) >= 0) {
            status.setSizeBytes(result.path("FileSize").asLong());
        }
        // LocalBackup names the folder on the node; S3Backup (or another destination) the bucket and folder.
        for (Iterator<Map.Entry<String, JsonNode>> fields = result.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().endsWith("Backup") && field.getValue().isObject()) {
                status.setFileName(field.getValue().path("FileName").asText(null));
                JsonNode where = field.getValue().has("Destination") ? field.getValue().path("Destination")
                        : field.getValue().path("BackupDirectory");
                status.setLocation(where.asText(null));
            }
        }
        if (status.getStartTime() != null) {
            status.setDurationSeconds(Duration.between(Instant.parse(status.getStartTime()), Instant.now())
                    .toMillis() / 1000.0);
        }
        return "Backed up " + status.getDocuments() + " documents of '" + backup.getSpec().getDatabase() + "' to "
                + status.getLocation() + "/" + status.getFileName();
    }

    @Override
    String subject() {
        return "Backup";
    }
}
