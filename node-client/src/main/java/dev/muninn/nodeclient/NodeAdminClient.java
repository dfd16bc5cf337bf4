package dev.muninn.nodeclient;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A node's public admin API, typed: what the operator (and tests) may ask of a Muninn node. Every method names the
 * node it talks to by URL; cluster-wide operations are forwarded to the leader by the node itself. Failures are
 * {@link NodeUnreachableException} (no answer), {@link NoLeaderException} (no majority now: retry later) or
 * {@link NodeAdminException} (the node refused, with its reason).
 */
public interface NodeAdminClient {
    /** The cluster as this node sees it (a passive node answers with itself only). */
    ClusterTopology topology(String nodeUrl);

    /** Makes a passive node a cluster of one, with tag A; nothing when it already is in a cluster. */
    ClusterTopology bootstrap(String nodeUrl);

    /** Adds the node at {@code newNodeUrl} under {@code tag} (through any node of the cluster). */
    void addNode(String nodeUrl, String newNodeUrl, String tag, boolean watcher);

    /** Removes the node {@code tag} from the cluster (its databases must have moved first). */
    void removeNode(String nodeUrl, String tag);

    /** Creates a database on {@code replicationFactor} nodes, or on the given ones. */
    DatabaseTopology createDatabase(String nodeUrl, String name, int replicationFactor, List<String> nodes);

    /** The database's record, or empty when it does not exist. */
    Optional<DatabaseTopology> database(String nodeUrl, String name);

    /**
     * Adds an instance of the database on node {@code tag}, or (null) on the least loaded live node without one;
     * a promotable until caught up; the replication factor grows with it.
     */
    void addDatabaseNode(String nodeUrl, String name, String tag);

    /** Deletes the database from the given nodes, or everywhere when none are given. */
    void deleteDatabase(String nodeUrl, String name, boolean hardDelete, List<String> fromNodes);

    /** The names of every database in the cluster, as the answering node knows them. */
    List<String> databaseNames(String nodeUrl);

    /** Every database's topology, as this node's view of the cluster has them. */
    default List<DatabaseTopology> databases(String nodeUrl) {
        List<DatabaseTopology> databases = new java.util.ArrayList<>();
        for (String name : databaseNames(nodeUrl)) {
            database(nodeUrl, name).ifPresent(databases::add);
        }
        return databases;
    }

    /** One setting of the database's record ({@code ConflictSolverConfig}, {@code Revisions}, ...), if set. */
    Optional<JsonNode> databaseSetting(String nodeUrl, String name, String key);

    /** The client's ModifyConflictSolverOperation: the database's conflict solver, replaced whole. */
    void setConflictSolver(String nodeUrl, String name, JsonNode solver);

    /** The client's ConfigureRevisionsOperation: the database's revisions configuration, replaced whole. */
    void setRevisions(String nodeUrl, String name, JsonNode configuration);

    /** The client's UpdatePeriodicBackupOperation: adds (TaskId 0) or replaces a backup task; its task id. */
    long putPeriodicBackup(String nodeUrl, String database, JsonNode configuration);

    /** The client's GetOngoingTaskInfoOperation for a backup task by name; empty when there is none. */
    Optional<JsonNode> backupTask(String nodeUrl, String database, String taskName);

    /** Makes a node a watcher (no vote) or a voting member again: RavenDB's demote and promote. */
    void setWatcher(String nodeUrl, String tag, boolean watcher);

    /** The client's BackupOperation: starts a one-time backup on this node, which must hold the database. */
    long backup(String nodeUrl, String database, JsonNode configuration);

    /** The client's RestoreBackupOperation: starts a restore into a new database; the operation's id. */
    long restore(String nodeUrl, JsonNode configuration);

    /** A server operation's state (Status InProgress, Completed or Faulted, Result); empty when the node forgot it. */
    Optional<JsonNode> operationState(String nodeUrl, long operationId);

    /** The client's DeleteOngoingTaskOperation ({@code type} Backup, Replication, ...). */
    void deleteOngoingTask(String nodeUrl, String database, long taskId, String type);

    /** The client's GetCertificateOperation: the registration of the certificate with this thumbprint, if any. */
    Optional<RegisteredCertificate> certificate(String nodeUrl, String thumbprint);

    /**
     * The client's PutClientCertificateOperation: registers a certificate (base64 DER) under a name with a clearance
     * and per-database permissions, or changes the grant of one already registered.
     */
    void putCertificate(String nodeUrl, String name, String certificateBase64, String clearance,
                        java.util.Map<String, String> permissions);

    /** The client's EditClientCertificateOperation: a new name, clearance or permissions for a registered one. */
    void editCertificate(String nodeUrl, String thumbprint, String name, String clearance,
                         java.util.Map<String, String> permissions);

    /** The client's DeleteCertificateOperation: the certificate is no longer known to the cluster. */
    void deleteCertificate(String nodeUrl, String thumbprint);
}
