package dev.muninn.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import dev.muninn.operator.api.v1alpha1.spec.BackupStorage;
import dev.muninn.operator.api.v1alpha1.spec.ClusterRef;

/** Scheduled backups of one database, run by the node the cluster makes responsible. */
public class MuninnBackupScheduleSpec {
    @Required
    @JsonPropertyDescription("The MuninnCluster holding the database.")
    private ClusterRef clusterRef;

    @Required
    @JsonPropertyDescription("The database to back up.")
    private String database;

    @Required
    @JsonPropertyDescription("When a full backup (or snapshot) runs: a cron expression (minute hour day month weekday), UTC.")
    private String schedule;

    @JsonPropertyDescription("When an incremental backup runs (cron); none when not set.")
    private String incrementalSchedule;

    @Default("Backup")
    @io.fabric8.generator.annotation.Pattern("^(Backup|Snapshot)$")
    @JsonPropertyDescription("Backup (JSON, full and incremental) or Snapshot (a copy of the storage for the full runs).")
    private String type = "Backup";

    @Required
    @JsonPropertyDescription("Where the backups go.")
    private BackupStorage destination;

    @JsonPropertyDescription("Retention: whole chains older than this go (a TimeSpan, d.hh:mm:ss); all are kept when not set.")
    private String minimumBackupAgeToKeep;

    @JsonPropertyDescription("Keep the task but do not run it.")
    private boolean disabled;

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

    public String getSchedule() {
        return schedule;
    }

    public void setSchedule(String schedule) {
        this.schedule = schedule;
    }

    public String getIncrementalSchedule() {
        return incrementalSchedule;
    }

    public void setIncrementalSchedule(String incrementalSchedule) {
        this.incrementalSchedule = incrementalSchedule;
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

    public String getMinimumBackupAgeToKeep() {
        return minimumBackupAgeToKeep;
    }

    public void setMinimumBackupAgeToKeep(String minimumBackupAgeToKeep) {
        this.minimumBackupAgeToKeep = minimumBackupAgeToKeep;
    }

    public boolean isDisabled() {
        return disabled;
    }

    public void setDisabled(boolean disabled) {
        this.disabled = disabled;
    }
}
