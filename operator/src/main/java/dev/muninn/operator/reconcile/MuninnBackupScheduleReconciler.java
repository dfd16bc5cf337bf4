package dev.muninn.operator.reconcile;

import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

import dev.muninn.nodeclient.NodeAdminClient;
import dev.muninn.operator.api.v1alpha1.MuninnBackupSchedule;
import dev.muninn.operator.api.v1alpha1.MuninnBackupScheduleStatus;
import dev.muninn.operator.model.BackupConfigs;
import dev.muninn.operator.model.InvalidSpecException;

/**
 * A MuninnBackupSchedule is a periodic backup task of its database, named after the resource so the operator finds
 * it again after a restart: created or replaced when the spec changes, its runs (responsible node, last and next
 * backups, the last error) copied into the status every half minute, deleted with the resource.
 */
@ControllerConfiguration(name = "muninnbackupschedule")
public class MuninnBackupScheduleReconciler implements Reconciler<MuninnBackupSchedule>, Cleaner<MuninnBackupSchedule> {
    private static final Duration RECHECK = Duration.ofSeconds(15);

    private final NodeAdminClient admin;
    private final ClusterNodes nodes;
    private final EventRecorder events;

    public MuninnBackupScheduleReconciler(KubernetesClient client, NodeAdminClient admin) {
        this.admin = admin;
        this.nodes = new ClusterNodes(client);
        this.events = new EventRecorder(client);
    }

    @Override
    public UpdateControl<MuninnBackupSchedule> reconcile(MuninnBackupSchedule schedule,
                                                         Context<MuninnBackupSchedule> context) {
        MuninnBackupScheduleStatus status = schedule.getStatus() == null ? new MuninnBackupScheduleStatus()
                : schedule.getStatus();
        schedule.setStatus(status);
        long generation = schedule.getMetadata().getGeneration() == null ? 0 : schedule.getMetadata().getGeneration();
        String namespace = schedule.getMetadata().getNamespace();
        ClusterNodes.Seen cluster = nodes.seen(namespace, schedule.getSpec().getClusterRef().getName());
        Optional<String> node = cluster.readyNode();
        if (node.isEmpty()) {
            return notReady(schedule, "ClusterNotReady", "The cluster has no ready node yet", generation);
        }
        String database = schedule.getSpec().getDatabase();
        String taskName = BackupConfigs.taskName(namespace, schedule.getMetadata().getName());
        try {
            Optional<JsonNode> task = admin.backupTask(node.get(), database, taskName);
            boolean changed = status.getObservedGeneration() == null || status.getObservedGeneration() != generation;
            if (task.isEmpty() || changed) {
                long taskId = task.map(t -> t.path("TaskId").asLong()).orElse(0L);
                long stored = admin.putPeriodicBackup(node.get(), database, BackupConfigs.periodicBackup(
                        schedule.getSpec(), taskName, taskId,
                        nodes.credentials(namespace, schedule.getSpec().getDestination()),
                        cluster.localBackupRoot()));
                events.normal(schedule, taskId == 0 ? "TaskCreated" : "TaskUpdated", "Backup task " + stored
                        + " of '" + database + "' runs at '" + schedule.getSpec().getSchedule() + "'");
                task = admin.backupTask(node.get(), database, taskName);
            }
            status.setObservedGeneration(generation);
            task.ifPresent(info -> copy(info, status, schedule));
            boolean failing = status.getLastError() != null;
            status.setConditions(Conditions.set(status.getConditions(), "Ready", !failing,
                    failing ? "BackupFailed" : "Scheduled", failing ? status.getLastError()
                            : "Next backup " + status.getNextBackup() + " on " + status.getResponsibleNode(),
                    generation));
            return UpdateControl.patchStatus(schedule).rescheduleAfter(RECHECK);
        } catch (InvalidSpecException e) {
            events.warning(schedule, "InvalidSpec", e.getMessage());
            return notReady(schedule, "InvalidSpec", e.getMessage(), generation);
        } catch (RuntimeException e) {
            events.warning(schedule, "AdminCallFailed", e.getMessage());
            return notReady(schedule, "AdminCallFailed", e.getMessage(), generation);
        }
    }

    private void copy(JsonNode info, MuninnBackupScheduleStatus status, MuninnBackupSchedule schedule) {
        status.setTaskId(info.path("TaskId").asLong());
        status.setResponsibleNode(info.path("ResponsibleNode").path("NodeTag").asText(null));
        status.setLastFullBackup(info.path("LastFullBackup").asText(null));
        status.setLastIncrementalBackup(info.path("LastIncrementalBackup").asText(null));
        status.setNextBackup(info.path("NextBackup").path("DateTime").asText(null));
        String error = info.path("Error").asText(null);
        if (error != null && !error.equals(status.getLastError())) {
            events.warning(schedule, "BackupFailed", error);
        }
        status.setLastError(error);
    }

    private static UpdateControl<MuninnBackupSchedule> notReady(MuninnBackupSchedule schedule, String reason,
                                                                String message, long generation) {
        schedule.getStatus().setConditions(Conditions.set(schedule.getStatus().getConditions(), "Ready", false,
                reason, message, generation));
        return UpdateControl.patchStatus(schedule).rescheduleAfter(RECHECK);
    }

    /** The task goes with its resource; its backups stay where they were written. */
    @Override
    public DeleteControl cleanup(MuninnBackupSchedule schedule, Context<MuninnBackupSchedule> context) {
        Optional<String> node = nodes.readyNode(schedule.getMetadata().getNamespace(),
                schedule.getSpec().getClusterRef().getName());
        if (node.isEmpty()) {
            return DeleteControl.defaultDelete(); // no cluster to hold a task any more
        }
        try {
            admin.backupTask(node.get(), schedule.getSpec().getDatabase(), BackupConfigs.taskName(
                    schedule.getMetadata().getNamespace(), schedule.getMetadata().getName())).ifPresent(task ->
                    admin.deleteOngoingTask(node.get(), schedule.getSpec().getDatabase(), task.path("TaskId").asLong(),
                            "Backup"));
        } catch (RuntimeException e) {
            events.warning(schedule, "AdminCallFailed", "Deleting the backup task: " + e.getMessage());
        }
        return DeleteControl.defaultDelete();
    }
}
