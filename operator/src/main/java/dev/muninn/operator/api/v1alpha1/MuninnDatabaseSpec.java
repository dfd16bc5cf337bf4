package dev.muninn.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

import dev.muninn.operator.api.v1alpha1.spec.ClusterRef;
import dev.muninn.operator.api.v1alpha1.spec.ConflictSolver;
import dev.muninn.operator.api.v1alpha1.spec.DeletionPolicy;
import dev.muninn.operator.api.v1alpha1.spec.Revisions;

/** What the user asks of a database. */
public class MuninnDatabaseSpec {
    @Required
    @JsonPropertyDescription("The MuninnCluster (same namespace) that holds the database.")
    private ClusterRef clusterRef;

    @Pattern("^[A-Za-z0-9_\\-.]{1,128}$")
    @ValidationRule(value = "self == oldSelf", message = "name cannot be changed; create another MuninnDatabase")
    @JsonPropertyDescription("The database's name in Muninn; metadata.name when empty. Cannot be changed.")
    private String name;

    @Default("1")
    @Min(1)
    @JsonPropertyDescription("On how many nodes the database lives.")
    private int replicationFactor = 1;

    @JsonPropertyDescription("How conflicting writes are resolved, as the client's ConflictSolver.")
    private ConflictSolver conflictSolver;

    @JsonPropertyDescription("Which revisions are kept, as the client's RevisionsConfiguration.")
    private Revisions revisions;

    @Default("Retain")
    @JsonPropertyDescription("Retain keeps the database when this resource is deleted; Delete deletes it and its data.")
    private DeletionPolicy deletionPolicy = DeletionPolicy.Retain;

    public ClusterRef getClusterRef() {
        return clusterRef;
    }

    public void setClusterRef(ClusterRef clusterRef) {
        this.clusterRef = clusterRef;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public int getReplicationFactor() {
        return replicationFactor;
    }

    public void setReplicationFactor(int replicationFactor) {
        this.replicationFactor = replicationFactor;
    }

    public ConflictSolver getConflictSolver() {
        return conflictSolver;
    }

    public void setConflictSolver(ConflictSolver conflictSolver) {
        this.conflictSolver = conflictSolver;
    }

    public Revisions getRevisions() {
        return revisions;
    }

    public void setRevisions(Revisions revisions) {
        this.revisions = revisions;
    }

    public DeletionPolicy getDeletionPolicy() {
        return deletionPolicy;
    }

    public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
        this.deletionPolicy = deletionPolicy;
    }
}
