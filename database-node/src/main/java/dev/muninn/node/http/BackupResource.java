package dev.muninn.node.http;


import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.security.Access;
import dev.muninn.node.security.RequiredAccess;
import dev.muninn.node.cluster.ClusterState;
import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.documents.DatabasesLandlord;
import dev.muninn.node.documents.Json;
import dev.muninn.node.http.errors.InvalidRequestException;
import dev.muninn.node.tasks.Operations;

/**
 * One-shot backups with the client's {@code BackupOperation} (a full JSON backup of this node's instance to a local
 * folder) and the state of a database's operations, which the client polls.
 */
@Path("/databases/{database}")
@Produces(MediaType.APPLICATION_JSON)
public class BackupResource {
    @Inject
    ClusterState cluster;

    @Inject
    dev.muninn.node.cluster.ClusterClient clusterClient;

    @Inject
    DatabasesLandlord landlord;

    @Inject
    Operations operations;

    @Access(RequiredAccess.DatabaseAdmin)
    @POST
    @Path("admin/backup")
    public ObjectNode backup(@PathParam("database") String database, byte[] body) {
        ObjectNode configuration = Bodies.object(body, "The backup configuration");
        validate(configuration);
        DatabaseInstance instance = landlord.get(database);
        validateEncryption(configuration, instance.encryptionKey().isPresent());
        long id = operations.start(database, "backup of " + database,
                progress -> dev.muninn.node.tasks.BackupRun.execute(instance, configuration, true, 0, progress));
        return operationId(cluster, id);
    }

    /** The client's UpdatePeriodicBackupOperation: adds (TaskId 0) or replaces a scheduled backup task. */
    @Access(RequiredAccess.DatabaseAdmin)
    @POST
    @Path("admin/periodic-backup")
    public ObjectNode periodicBackup(@PathParam("database") String database,
                                     @QueryParam("raft-request-id") String requestId, byte[] body) {
        ObjectNode configuration = Bodies.object(body, "The periodic backup configuration");
        dev.muninn.node.cluster.DatabaseRecord record = cluster.record(database)
                .orElseThrow(() -> new dev.muninn.node.cluster.DatabaseDoesNotExistException(database));
        validate(configuration);
        validateEncryption(configuration, record.encrypted());
        JsonNode retention = configuration.path("RetentionPolicy");
        if (retention.isObject() && retention.path("MinimumBackupAgeToKeep").isTextual()) {
            try {
                dev.muninn.node.documents.TimeSpans.parse(retention.path("MinimumBackupAgeToKeep").asText());
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("RetentionPolicy.MinimumBackupAgeToKeep: " + e.getMessage());
            }
        }
        String full = configuration.path("FullBackupFrequency").asText("");
        String incremental = configuration.path("IncrementalBackupFrequency").asText("");
        if (full.isBlank() && incremental.isBlank()) {
            throw new InvalidRequestException("FullBackupFrequency or IncrementalBackupFrequency is required");
        }
        for (String[] frequency : new String[][]{{"FullBackupFrequency", full}, {"IncrementalBackupFrequency", incremental}}) {
            if (!frequency[1].isBlank()) {
                try {
                    dev.muninn.node.tasks.CronSchedule.parse(frequency[1]).next(java.time.ZonedDateTime.now());
                } catch (IllegalArgumentException e) {
                    throw new InvalidRequestException(frequency[0] + ": " + e.getMessage());
                }
            }
        }
        long taskId = clusterClient.putPeriodicBackup(database, configuration, requestId);
        ObjectNode result = Json.object();
        result.put("RaftCommandIndex", cluster.index());
        result.put("TaskId", taskId);
        return result;
    }

    /** The backup type and destinations, checked before anything runs. */
    private static void validate(ObjectNode configuration) {
        String type = configuration.path("BackupType").asText("Backup");
        if (!"Backup".equals(type) && !"Snapshot".equals(type)) {
            throw new InvalidRequestException("BackupType must be Backup or Snapshot, got '" + type + "'");
        }
        try {
            dev.muninn.node.tasks.BackupDestinations.of(configuration);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
    }

    /** BackupEncryptionSettings fit the database (an encrypted one's backups are encrypted), checked up front. */
    private static void validateEncryption(ObjectNode configuration, boolean databaseEncrypted) {
        try {
            dev.muninn.node.tasks.BackupEncryption.mode(configuration, databaseEncrypted,
                    dev.muninn.node.tasks.BackupRun.isSnapshot(configuration));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
    }

    static ObjectNode operationId(ClusterState cluster, long id) {
        ObjectNode result = Json.object();
        result.put("OperationId", id);
        result.put("OperationNodeTag", cluster.nodeTagOrUnknown());
        return result;
    }
}
