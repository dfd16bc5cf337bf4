package dev.muninn.node.cluster;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of ongoing task a database record holds, by the client's {@code OngoingTaskType} name and the record
 * field that lists them (RavenDB's record keeps each kind in its own list, every task with a cluster-wide
 * {@code TaskId}).
 */
public enum OngoingTaskType {
    BACKUP("Backup", "PeriodicBackups"),
    REPLICATION("Replication", "ExternalReplications");

    private final String wireName;
    private final String recordField;

    OngoingTaskType(String wireName, String recordField) {
        this.wireName = wireName;
        this.recordField = recordField;
    }

    public String wireName() {
        return wireName;
    }

    public String recordField() {
        return recordField;
    }

    public static Optional<OngoingTaskType> fromWire(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equalsIgnoreCase(name)).findFirst();
    }
}
