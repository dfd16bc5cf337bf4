package dev.muninn.node.http;

import java.io.InputStream;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.cluster.ClusterState;
import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.documents.DatabasesLandlord;
import dev.muninn.node.documents.Json;
import dev.muninn.node.http.errors.InvalidRequestException;
import dev.muninn.node.tasks.DatabaseBackup;
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

    @POST
    @Path("admin/backup")
    public ObjectNode backup(@PathParam("database") String database, InputStream body) {
        ObjectNode configuration = Bodies.object(body, "The backup configuration");
        String type = configuration.path("BackupType").asText("Backup");
        if (!"Backup".equals(type)) {
            throw new InvalidRequestException("BackupType " + type + " is not supported yet; use Backup");
        }
        java.nio.file.Path folder = localFolder(configuration);
        DatabaseInstance instance = landlord.get(database);
        long id = operations.start("backup of " + database,
                progress -> DatabaseBackup.write(instance, folder, 0, progress));
        return operationId(cluster, id);
    }

    /** The client's UpdatePeriodicBackupOperation: adds (TaskId 0) or replaces a scheduled backup task. */
    @POST
    @Path("admin/periodic-backup")
    public ObjectNode periodicBackup(@PathParam("database") String database,
                                     @QueryParam("raft-request-id") String requestId, InputStream body) {
        ObjectNode configuration = Bodies.object(body, "The periodic backup configuration");
        if (cluster.record(database).isEmpty()) {
            throw new dev.muninn.node.cluster.DatabaseDoesNotExistException(database);
        }
        String type = configuration.path("BackupType").asText("Backup");
        if (!"Backup".equals(type)) {
            throw new InvalidRequestException("BackupType " + type + " is not supported yet; use Backup");
        }
        localFolder(configuration);
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

    /** The client's GetOngoingTaskInfoOperation for backup tasks: the task, its responsible node, its last runs. */
    @GET
    @Path("task")
    public Response task(@PathParam("database") String database, @QueryParam("key") String key,
                         @QueryParam("taskName") String taskName, @QueryParam("type") String type) {
        dev.muninn.node.cluster.DatabaseRecord record = cluster.record(database)
                .orElseThrow(() -> new dev.muninn.node.cluster.DatabaseDoesNotExistException(database));
        if (type != null && !"Backup".equals(type)) {
            throw new InvalidRequestException("Only Backup tasks exist here, not " + type);
        }
        for (com.fasterxml.jackson.databind.JsonNode task : record.settings().path("PeriodicBackups")) {
            boolean match = taskName != null ? taskName.equals(task.path("Name").asText())
                    : key != null && key.equals(task.path("TaskId").asText());
            if (match) {
                return Response.ok(ongoingTask(record, task)).build();
            }
        }
        return Response.status(404).build();
    }

    private ObjectNode ongoingTask(dev.muninn.node.cluster.DatabaseRecord record,
                                   com.fasterxml.jackson.databind.JsonNode task) {
        long taskId = task.path("TaskId").asLong();
        String responsible = dev.muninn.node.cluster.ResponsibleNode.ofTask(record, task).orElse(null);
        com.fasterxml.jackson.databind.JsonNode status = record.settings().path("PeriodicBackupStatus")
                .path(Long.toString(taskId));
        ObjectNode info = Json.object();
        info.put("TaskId", taskId);
        info.put("TaskType", "Backup");
        info.put("TaskName", task.path("Name").asText("Backup #" + taskId));
        boolean disabled = task.path("Disabled").asBoolean(false);
        info.put("TaskState", disabled ? "Disabled" : "Enabled");
        String me = cluster.nodeTagOrUnknown();
        info.put("TaskConnectionStatus", me.equals(responsible) && !disabled ? "Active" : "NotOnThisNode");
        ObjectNode node = info.putObject("ResponsibleNode");
        node.put("NodeTag", responsible);
        node.put("NodeUrl", responsible == null ? null : cluster.urlOf(responsible));
        info.put("MentorNode", task.path("MentorNode").asText(null));
        info.put("BackupType", "Backup");
        info.putArray("BackupDestinations").add("Local");
        copyDate(status, "LastFullBackup", info);
        copyDate(status, "LastIncrementalBackup", info);
        info.put("LastExecutingNodeTag", status.path("NodeTag").asText(null));
        if (status.path("Error").isObject()) {
            info.put("Error", status.path("Error").path("Exception").asText());
        }
        return info;
    }

    private static void copyDate(com.fasterxml.jackson.databind.JsonNode from, String field, ObjectNode to) {
        if (from.path(field).isTextual()) {
            to.put(field, from.path(field).asText());
        }
    }

    @GET
    @Path("operations/state")
    public Response databaseOperationState(@PathParam("database") String database, @QueryParam("id") String id) {
        return state(operations, id);
    }

    static Response state(Operations operations, String id) {
        long operation;
        try {
            operation = Long.parseLong(id == null ? "" : id.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("Query string parameter 'id' must be a number, got '" + id + "'");
        }
        return operations.state(operation).map(s -> Response.ok(s).build())
                .orElseGet(() -> Response.status(404).build());
    }

    private static java.nio.file.Path localFolder(ObjectNode configuration) {
        String folder = configuration.path("LocalSettings").path("FolderPath").asText("");
        if (folder.isBlank() || configuration.path("LocalSettings").path("Disabled").asBoolean(false)) {
            throw new InvalidRequestException("LocalSettings.FolderPath is required (other destinations are not "
                    + "supported yet)");
        }
        return java.nio.file.Path.of(folder);
    }

    static ObjectNode operationId(ClusterState cluster, long id) {
        ObjectNode result = Json.object();
        result.put("OperationId", id);
        result.put("OperationNodeTag", cluster.nodeTagOrUnknown());
        return result;
    }
}
