package dev.muninn.operator.api.v1alpha1;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import dev.muninn.operator.api.v1alpha1.spec.NodeStatus;

/** What the operator last observed of a cluster. */
public class MuninnClusterStatus extends ConditionedStatus {
    private String phase;
    private String leader;
    private List<NodeStatus> nodes = new ArrayList<>();
    @com.fasterxml.jackson.annotation.JsonPropertyDescription("Nodes ready and in the cluster.")
    private Integer readyNodes;
    @JsonPropertyDescription("While nodes are being removed: how many copies each database keeps, as it had when the "
            + "scale-down began (adding the new copies raises the databases' own factors until the old ones go)")
    private Map<String, Integer> scaleDownFactors;
    @JsonPropertyDescription("While the cluster shrinks: the tags of the nodes chosen to leave (those it could best "
            + "lose), kept until each is out of the cluster and its pod and claim are gone")
    private List<String> leavingNodes;

    public String getPhase() {
        return phase;
    }

    public void setPhase(String phase) {
        this.phase = phase;
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

    public List<String> getLeavingNodes() {
        return leavingNodes;
    }

    public void setLeavingNodes(List<String> leavingNodes) {
        this.leavingNodes = leavingNodes;
    }

    public List<NodeStatus> getNodes() {
        return nodes;
    }

    public void setNodes(List<NodeStatus> nodes) {
        this.nodes = nodes;
    }

    public Integer getReadyNodes() {
        return readyNodes;
    }

    public void setReadyNodes(Integer readyNodes) {
        this.readyNodes = readyNodes;
    }
}
