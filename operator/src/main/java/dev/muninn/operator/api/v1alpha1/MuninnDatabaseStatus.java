package dev.muninn.operator.api.v1alpha1;

import io.fabric8.kubernetes.api.model.Condition;

import dev.muninn.operator.api.v1alpha1.spec.DatabaseTopology;

/** What the operator last observed of a database. */
public class MuninnDatabaseStatus extends ConditionedStatus {
    private DatabaseTopology topology = new DatabaseTopology();

    public DatabaseTopology getTopology() {
        return topology;
    }

    public void setTopology(DatabaseTopology topology) {
        this.topology = topology;
    }
}
