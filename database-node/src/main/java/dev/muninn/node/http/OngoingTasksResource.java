package dev.muninn.node.http;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.security.Access;
import dev.muninn.node.security.RequiredAccess;
import dev.muninn.node.cluster.ClusterClient;
import dev.muninn.node.cluster.ClusterState;
import dev.muninn.node.cluster.DatabaseDoesNotExistException;
import dev.muninn.node.cluster.DatabaseRecord;
import dev.muninn.node.cluster.OngoingTaskType;
import dev.muninn.node.cluster.ResponsibleNode;
import dev.muninn.node.documents.Json;
import dev.muninn.node.http.errors.InvalidRequestException;

/**
 * A database's ongoing tasks (backups, external replications): all of them ({@code GET tasks}, as RavenDB's studio
 * lists them), one by id or name (the client's {@code GetOngoingTaskInfoOperation}), enabled or disabled
 * ({@code ToggleOngoingTaskStateOperation}) and deleted ({@code DeleteOngoingTaskOperation}).
 */
@Path("/databases/{database}")
@Produces(MediaType.APPLICATION_JSON)
public class OngoingTasksResource {
    @Inject
    ClusterState cluster;

    @Inject
    ClusterClient clusterClient;

    @Access(RequiredAccess.DatabaseRead)
    @GET
    @Path("tasks")
    public ObjectNode list(@PathParam("database") String database) {
        DatabaseRecord record = record(database);
        ObjectNode result = Json.object();
        ArrayNode tasks = result.putArray("OngoingTasks");
        for (OngoingTaskType type : OngoingTaskType.values()) {
            for (JsonNode task : record.settings().path(type.recordField())) {
                tasks.add(OngoingTaskJson.of(cluster, record, type, task));
            }
        }
        result.putArray("PullReplications");
        result.put("SubscriptionsCount", 0);
        return result;
    }

    @Access(RequiredAccess.DatabaseRead)
    @GET
    @Path("task")
    public Response task(@PathParam("database") String database, @QueryParam("key") String key,
                         @QueryParam("taskName") String taskName, @QueryParam("type") String type) {
        DatabaseRecord record = record(database);
        OngoingTaskType taskType = type(type);
        long taskId = taskName == null ? taskId(key, "key") : 0;
        for (JsonNode task : record.settings().path(taskType.recordField())) {
            boolean match = taskName == null ? task.path("TaskId").asLong() == taskId
                    : taskName.equals(OngoingTaskJson.name(taskType, task));
            if (match) {
                return Response.ok(OngoingTaskJson.of(cluster, record, taskType, task)).build();
            }
        }
        // The client reads a 404 as "no such task" (null), as RavenDB answers it.
        return Response.status(404).build();
    }

    @Access(RequiredAccess.DatabaseAdmin)
    @POST
    @Path("admin/tasks/state")
    public ObjectNode toggle(@PathParam("database") String database, @QueryParam("key") String key,
                             @QueryParam("type") String type, @QueryParam("disable") String disable,
                             @QueryParam("taskName") String taskName,
                             @QueryParam("raft-request-id") String requestId) {
        DatabaseRecord record = record(database);
        OngoingTaskType taskType = type(type);
        if (!"true".equalsIgnoreCase(disable) && !"false".equalsIgnoreCase(disable)) {
            throw new InvalidRequestException("Query string parameter 'disable' must be true or false, got '"
                    + disable + "'");
        }
        long taskId = taskId(key, "key");
        find(record, taskType, taskId, database);
        long index = clusterClient.toggleOngoingTask(database, taskType, taskId, Boolean.parseBoolean(disable),
                requestId);
        return modified(database, taskType, taskId, index);
    }

    @Access(RequiredAccess.DatabaseAdmin)
    @DELETE
    @Path("admin/tasks")
    public ObjectNode delete(@PathParam("database") String database, @QueryParam("id") String id,
                             @QueryParam("type") String type, @QueryParam("raft-request-id") String requestId) {
        DatabaseRecord record = record(database);
        OngoingTaskType taskType = type(type);
        long taskId = taskId(id, "id");
        find(record, taskType, taskId, database);
        long index = clusterClient.deleteOngoingTask(database, taskType, taskId, requestId);
        return modified(database, taskType, taskId, index);
    }

    /** The client's ModifyOngoingTaskResult. */
    private ObjectNode modified(String database, OngoingTaskType type, long taskId, long index) {
        ObjectNode result = Json.object();
        result.put("TaskId", taskId);
        result.put("RaftCommandIndex", index);
        String responsible = cluster.record(database).flatMap(r -> {
            for (JsonNode task : r.settings().path(type.recordField())) {
                if (task.path("TaskId").asLong() == taskId) {
                    return ResponsibleNode.ofTask(r, task);
                }
            }
            return java.util.Optional.empty();
        }).orElse(null);
        result.put("ResponsibleNode", responsible);
        return result;
    }

    private DatabaseRecord record(String database) {
        return cluster.record(database).orElseThrow(() -> new DatabaseDoesNotExistException(database));
    }

    private static JsonNode find(DatabaseRecord record, OngoingTaskType type, long taskId, String database) {
        for (JsonNode task : record.settings().path(type.recordField())) {
            if (task.path("TaskId").asLong() == taskId) {
                return task;
            }
        }
        throw new InvalidRequestException("Database '" + database + "' has no " + type.wireName() + " task with id "
                + taskId);
    }

    private static OngoingTaskType type(String type) {
        return OngoingTaskType.fromWire(type == null ? "" : type).orElseThrow(() -> new InvalidRequestException(
                "Query string parameter 'type' must be one of Backup, Replication; got '" + type + "'"));
    }

    private static long taskId(String value, String parameter) {
        try {
            return Long.parseLong(value == null ? "" : value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("Query string parameter '" + parameter + "' must be a task id, got '"
                    + value + "'");
        }
    }

}
