package dev.muninn.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import dev.muninn.operator.api.v1alpha1.spec.BackupStorage;
import dev.muninn.operator.api.v1alpha1.spec.ClusterRef;

/** A restore of backups into a new database. */
public class MuninnRestoreSpec {
    @Required
    @JsonPropertyDescription("The MuninnCluster to restore into.")
    private ClusterRef clusterRef;

    @Required
    @JsonPropertyDescription("The new database; it must not exist.")
    private String database;

    @Required
    @JsonPropertyDescription("Where the backups are.")
    private BackupStorage source;

    @JsonPropertyDescription("Restore the chain up to this backup file; the latest when not set.")
    private String lastFileNameToRestore;

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

    public BackupStorage getSource() {
        return source;
    }

    public void setSource(BackupStorage source) {
        this.source = source;
    }

    public String getLastFileNameToRestore() {
        return lastFileNameToRestore;
    }

    public void setLastFileNameToRestore(String lastFileNameToRestore) {
        this.lastFileNameToRestore = lastFileNameToRestore;
    }
}
