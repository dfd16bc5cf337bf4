package dev.muninn.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

import dev.muninn.operator.api.v1alpha1.spec.BackupStorage;
import dev.muninn.operator.api.v1alpha1.spec.ClusterRef;

/** One backup of a database, now (the client's BackupOperation). */
public class MuninnBackupSpec {
    @Required
    @JsonPropertyDescription("The MuninnCluster holding the database.")
    private ClusterRef clusterRef;

    @Required
    @JsonPropertyDescription("The database to back up.")
    private String database;

    @Default("Backup")
    @io.fabric8.generator.annotation.Pattern("^(Backup|Snapshot)$")
    @JsonPropertyDescription("Backup (a full JSON backup) or Snapshot (a consistent copy of the storage).")
    private String type = "Backup";

    @Required
    @JsonPropertyDescription("Where the backup goes.")
    private BackupStorage destination;

    public ClusterRef getClusterRef() {
        return clusterRef;
    }

    public void setClusterRef(ClusterRef clusterRef) {
        this.clusterRef = clusterRef;
    }

    public String getDatabase() {
        return database;
    }

    public void setDatabase(String database) {
        this.database = database;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public BackupStorage getDestination() {
        return destination;
    }

    public void setDestination(BackupStorage destination) {
        this.destination = destination;
    }
}
