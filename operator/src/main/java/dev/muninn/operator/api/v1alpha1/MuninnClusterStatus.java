package dev.muninn.operator.api.v1alpha1;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.kubernetes.api.model.Condition;

import dev.muninn.operator.api.v1alpha1.spec.NodeStatus;

/** What the operator last observed of a cluster. */
public class MuninnClusterStatus {
    private String phase;
    private List<Condition> conditions = new ArrayList<>();
    private Long observedGeneration;
    private String leader;
    private List<NodeStatus> nodes = new ArrayList<>();
    @JsonPropertyDescription("While nodes are being removed: how many copies each database keeps, as it had when the "
            + "scale-down began (adding the new copies raises the databases' own factors until the old ones go)")
    private Map<String, Integer> scaleDownFactors;

    public String getPhase() {
        return phase;
    }

    public void setPhase(String phase) {
        this.phase = phase;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public String getLeader() {
        return leader;
    }

    public void setLeader(String leader) {
        this.leader = leader;
    }

    public Map<String, Integer> getScaleDownFactors() {
        return scaleDownFactors;
    }

    public void setScaleDownFactors(Map<String, Integer> scaleDownFactors) {
        this.scaleDownFactors = scaleDownFactors;
    }

    public List<NodeStatus> getNodes() {
        return nodes;
    }

    public void setNodes(List<NodeStatus> nodes) {
        this.nodes = nodes;
    }
}
