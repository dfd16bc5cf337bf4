package dev.muninn.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import io.fabric8.kubernetes.api.model.Condition;

/** How a restore went. */
public class MuninnRestoreStatus {
    @JsonPropertyDescription("Running, Succeeded or Failed.")
    private String phase;

    @JsonPropertyDescription("The node operation doing the restore.")
    private Long operationId;

    @JsonPropertyDescription("The URL of the node running it.")
    private String node;

    private Long documentsRestored;

    private String message;

    private String startTime;

    private String completionTime;

    private Long observedGeneration;

    private List<Condition> conditions = new ArrayList<>();

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

    public Long getDocumentsRestored() {
        return documentsRestored;
    }

    public void setDocumentsRestored(Long documentsRestored) {
        this.documentsRestored = documentsRestored;
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

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }
}
