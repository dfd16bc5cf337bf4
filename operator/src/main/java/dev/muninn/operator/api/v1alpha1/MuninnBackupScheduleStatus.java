package dev.muninn.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;

/** What the cluster reports of a backup task. */
public class MuninnBackupScheduleStatus extends ConditionedStatus {
    @JsonPropertyDescription("The ongoing task in the database.")
    private Long taskId;

    @JsonPropertyDescription("The node that runs it now.")
    private String responsibleNode;

    @JsonPropertyDescription("When the last full backup ran.")
    private String lastFullBackup;

    @JsonPropertyDescription("When the last incremental backup ran.")
    private String lastIncrementalBackup;

    @JsonPropertyDescription("When the next backup runs.")
    private String nextBackup;

    @JsonPropertyDescription("Why the last run failed, if it did.")
    private String lastError;

    public Long getTaskId() {
        return taskId;
    }

    public void setTaskId(Long taskId) {
        this.taskId = taskId;
    }

    public String getResponsibleNode() {
        return responsibleNode;
    }

    public void setResponsibleNode(String responsibleNode) {
        this.responsibleNode = responsibleNode;
    }

    public String getLastFullBackup() {
        return lastFullBackup;
    }

    public void setLastFullBackup(String lastFullBackup) {
        this.lastFullBackup = lastFullBackup;
    }

    public String getLastIncrementalBackup() {
        return lastIncrementalBackup;
    }

    public void setLastIncrementalBackup(String lastIncrementalBackup) {
        this.lastIncrementalBackup = lastIncrementalBackup;
    }

    public String getNextBackup() {
        return nextBackup;
    }

    public void setNextBackup(String nextBackup) {
        this.nextBackup = nextBackup;
    }

    public String getLastError() {
        return lastError;
    }

    public void setLastError(String lastError) {
        this.lastError = lastError;
    }

}
