package dev.muninn.operator.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

import dev.muninn.nodeclient.NodeAdminClient;
import dev.muninn.operator.api.v1alpha1.MuninnRestore;
import dev.muninn.operator.api.v1alpha1.MuninnRestoreStatus;
import dev.muninn.operator.model.BackupConfigs;
import dev.muninn.operator.model.InvalidSpecException;

/**
 * A MuninnRestore runs once: it starts the node's restore into a new database (one copy, on the node that restores;
 * a MuninnDatabase naming it then raises its factor) and follows the operation until it completes or fails. The
 * status keeps the node and the operation, so a restarted operator follows the same one rather than starting again.
 */
@ControllerConfiguration(name = "muninnrestore")
public class MuninnRestoreReconciler implements Reconciler<MuninnRestore> {
    static final String RUNNING = "Running";
    static final String SUCCEEDED = "Succeeded";
    static final String FAILED = "Failed";
    private static final Duration POLL = Duration.ofSeconds(2);

    private final NodeAdminClient admin;
    private final ClusterNodes nodes;
    private final EventRecorder events;

    public MuninnRestoreReconciler(KubernetesClient client, NodeAdminClient admin) {
        this.admin = admin;
        this.nodes = new ClusterNodes(client);
        this.events = new EventRecorder(client);
    }

    @Override
    public UpdateControl<MuninnRestore> reconcile(MuninnRestore restore, Context<MuninnRestore> context) {
        MuninnRestoreStatus status = restore.getStatus() == null ? new MuninnRestoreStatus() : restore.getStatus();
        restore.setStatus(status);
        long generation = restore.getMetadata().getGeneration() == null ? 0 : restore.getMetadata().getGeneration();
        status.setObservedGeneration(generation);
        if (SUCCEEDED.equals(status.getPhase()) || FAILED.equals(status.getPhase())) {
            return UpdateControl.noUpdate(); // a restore runs once
        }
        try {
            if (status.getOperationId() == null) {
                return start(restore, status, generation);
            }
            return follow(restore, status, generation);
        } catch (InvalidSpecException e) {
            return finish(restore, status, FAILED, "InvalidSpec", e.getMessage(), generation);
        } catch (RuntimeException e) {
            events.warning(restore, "AdminCallFailed", e.getMessage());
            return UpdateControl.patchStatus(restore).rescheduleAfter(POLL.multipliedBy(5));
        }
    }

    private UpdateControl<MuninnRestore> start(MuninnRestore restore, MuninnRestoreStatus status, long generation) {
        String namespace = restore.getMetadata().getNamespace();
        Optional<String> node = nodes.readyNode(namespace, restore.getSpec().getClusterRef().getName());
        if (node.isEmpty()) {
            status.setConditions(Conditions.set(status.getConditions(), "Complete", false, "ClusterNotReady",
                    "The cluster has no ready node yet", generation));
            return UpdateControl.patchStatus(restore).rescheduleAfter(POLL.multipliedBy(3));
        }
        if (admin.database(node.get(), restore.getSpec().getDatabase()).isPresent()) {
            return finish(restore, status, FAILED, "DatabaseExists", "Database '" + restore.getSpec().getDatabase()
                    + "' already exists: a restore creates a new one", generation);
        }
        long operation = admin.restore(node.get(), BackupConfigs.restore(restore.getSpec(),
                nodes.credentials(namespace, restore.getSpec().getSource())));
        status.setOperationId(operation);
        status.setNode(node.get());
        status.setPhase(RUNNING);
        status.setStartTime(Instant.now().toString());
        status.setConditions(Conditions.set(status.getConditions(), "Complete", false, RUNNING,
                "Restoring into '" + restore.getSpec().getDatabase() + "' on " + node.get(), generation));
        events.normal(restore, "RestoreStarted", "Restoring into '" + restore.getSpec().getDatabase() + "' on "
                + node.get() + " (operation " + operation + ")");
        return UpdateControl.patchStatus(restore).rescheduleAfter(POLL);
    }

    private UpdateControl<MuninnRestore> follow(MuninnRestore restore, MuninnRestoreStatus status, long generation) {
        Optional<JsonNode> state = admin.operationState(status.getNode(), status.getOperationId());
        if (state.isEmpty()) {
            return finish(restore, status, FAILED, "OperationLost", "The node " + status.getNode()
                    + " no longer knows operation " + status.getOperationId() + " (it restarted): delete the new "
                    + "database if it exists and create the MuninnRestore again", generation);
        }
        String progress = state.get().path("Status").asText();
        if ("Completed".equals(progress)) {
            status.setDocumentsRestored(state.get().path("Result").path("Documents").path("ReadCount").asLong());
            return finish(restore, status, SUCCEEDED, "Restored", "Restored " + status.getDocumentsRestored()
                    + " documents into '" + restore.getSpec().getDatabase() + "'", generation);
        }
        if ("Faulted".equals(progress)) {
            return finish(restore, status, FAILED, "RestoreFailed", state.get().path("Result").path("Message")
                    .asText("the restore failed"), generation);
        }
        return UpdateControl.patchStatus(restore).rescheduleAfter(POLL);
    }

    private UpdateControl<MuninnRestore> finish(MuninnRestore restore, MuninnRestoreStatus status, String phase,
                                                String reason, String message, long generation) {
        status.setPhase(phase);
        status.setMessage(message);
        status.setCompletionTime(Instant.now().toString());
        status.setConditions(Conditions.set(status.getConditions(), "Complete", SUCCEEDED.equals(phase), reason,
                message, generation));
        if (SUCCEEDED.equals(phase)) {
            events.normal(restore, reason, message);
        } else {
            events.warning(restore, reason, message);
        }
        return UpdateControl.patchStatus(restore);
    }
}
