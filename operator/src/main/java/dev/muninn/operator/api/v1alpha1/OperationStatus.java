package dev.muninn.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The status of a resource that runs one node operation once (a backup, a restore): where it runs, how it ended.
 * The node and operation are kept so a restarted operator follows the same operation rather than starting again.
 */
public class OperationStatus extends ConditionedStatus {
    @JsonPropertyDescription("Running, Succeeded or Failed.")
    private String phase;

    @JsonPropertyDescription("The node operation doing the work.")
    private Long operationId;

    @JsonPropertyDescription("The URL of the node running it.")
    private String node;

    @JsonPropertyDescription("The outcome, or why it failed.")
    private String message;

    private String startTime;

    private String completionTime;

    public String getPhase() {
        return phase;
    }

    public void setPhase(String phase) {
        this.phase = phase;
    }

    public Long getOperationId() {
        return operationId;
    }

    public void setOperationId(Long operationId) {
        this.operationId = operationId;
    }

    public String getNode() {
        return node;
    }

    public void setNode(String node) {
        this.node = node;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public String getStartTime() {
        return startTime;
    }

    public void setStartTime(String startTime) {
        this.startTime = startTime;
    }

    public String getCompletionTime() {
        return completionTime;
    }

    public void setCompletionTime(String completionTime) {
        this.completionTime = completionTime;
    }

}
