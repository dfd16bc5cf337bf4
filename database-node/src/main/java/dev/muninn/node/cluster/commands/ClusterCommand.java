package dev.muninn.node.cluster.commands;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A change to the cluster state, replicated through the Raft log. {@link #applyTo} is deterministic: it reads no
 * clock and no randomness (anything like that travels inside the command), and it refuses rather than throws.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "Type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = BootstrapCluster.class, name = "BootstrapCluster"),
        @JsonSubTypes.Type(value = AddNode.class, name = "AddNode"),
        @JsonSubTypes.Type(value = RemoveNode.class, name = "RemoveNode"),
        @JsonSubTypes.Type(value = SetWatcher.class, name = "SetWatcher"),
        @JsonSubTypes.Type(value = CreateDatabase.class, name = "CreateDatabase"),
        @JsonSubTypes.Type(value = DeleteDatabase.class, name = "DeleteDatabase"),
        @JsonSubTypes.Type(value = UpdateConflictSolver.class, name = "UpdateConflictSolver"),
        @JsonSubTypes.Type(value = ReorderMembers.class, name = "ReorderMembers"),
        @JsonSubTypes.Type(value = UpdateDatabaseSetting.class, name = "UpdateDatabaseSetting"),
        @JsonSubTypes.Type(value = UpdateTopology.class, name = "UpdateTopology"),
        @JsonSubTypes.Type(value = AddDatabaseNode.class, name = "AddDatabaseNode"),
        @JsonSubTypes.Type(value = PutCompareExchange.class, name = "PutCompareExchange"),
        @JsonSubTypes.Type(value = DeleteCompareExchange.class, name = "DeleteCompareExchange"),
        @JsonSubTypes.Type(value = PutPeriodicBackup.class, name = "PutPeriodicBackup"),
        @JsonSubTypes.Type(value = PutPeriodicBackupStatus.class, name = "PutPeriodicBackupStatus"),
        @JsonSubTypes.Type(value = ToggleOngoingTask.class, name = "ToggleOngoingTask"),
        @JsonSubTypes.Type(value = DeleteOngoingTask.class, name = "DeleteOngoingTask"),
        @JsonSubTypes.Type(value = ClusterTransaction.class, name = "ClusterTransaction"),
        @JsonSubTypes.Type(value = PutConnectionString.class, name = "PutConnectionString"),
        @JsonSubTypes.Type(value = PutExternalReplication.class, name = "PutExternalReplication"),
        @JsonSubTypes.Type(value = PutCertificate.class, name = "PutCertificate"),
        @JsonSubTypes.Type(value = DeleteCertificate.class, name = "DeleteCertificate"),
        @JsonSubTypes.Type(value = Noop.class, name = "Noop")
})
public sealed interface ClusterCommand
        permits BootstrapCluster, AddNode, RemoveNode, SetWatcher, CreateDatabase, DeleteDatabase, UpdateConflictSolver,
        ReorderMembers, UpdateDatabaseSetting, UpdateTopology, AddDatabaseNode, PutCompareExchange,
        DeleteCompareExchange, PutPeriodicBackup, PutPeriodicBackupStatus, ToggleOngoingTask,
        DeleteOngoingTask, ClusterTransaction, PutConnectionString, PutExternalReplication, PutCertificate, DeleteCertificate,
        Noop {
    /** For commands that build small JSON outcomes. */
    com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

    CommandResult applyTo(StateWriter state, long index);

    /**
     * False for commands that never change what a {@link dev.muninn.node.cluster.ClusterView} holds (nodes,
     * topology, database records): after them a node moves its view to the new index instead of reading the whole
     * state again, which was most of an applied entry's cost.
     */
    default boolean changesView() {
        return true;
    }
}
