package dev.muninn.operator.api.v1alpha1;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.Condition;

import dev.muninn.operator.api.v1alpha1.spec.DatabaseTopology;

/** What the operator last observed of a database. */
public class MuninnDatabaseStatus {
    private List<Condition> conditions = new ArrayList<>();
    private Long observedGeneration;
    private DatabaseTopology topology = new DatabaseTopology();

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

    public DatabaseTopology getTopology() {
        return topology;
    }

    public void setTopology(DatabaseTopology topology) {
        this.topology = topology;
    }
}
