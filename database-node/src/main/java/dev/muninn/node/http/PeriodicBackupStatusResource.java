package dev.muninn.node.http;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.security.Access;
import dev.muninn.node.security.RequiredAccess;
import dev.muninn.node.cluster.ClusterState;
import dev.muninn.node.cluster.DatabaseDoesNotExistException;
import dev.muninn.node.cluster.DatabaseRecord;
import dev.muninn.node.documents.Json;
import dev.muninn.node.http.errors.InvalidRequestException;

/** The client's GetPeriodicBackupStatusOperation: how a backup task last ran, as recorded in the cluster. */
@Path("/periodic-backup/status")
@Produces(MediaType.APPLICATION_JSON)
@Access(RequiredAccess.DatabaseRead)
public class PeriodicBackupStatusResource {
    @Inject
    ClusterState cluster;

    @GET
    public ObjectNode status(@QueryParam("name") String name, @QueryParam("taskId") String taskId) {
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException("Query string parameter 'name' is required");
        }
        if (taskId == null || !taskId.trim().matches("\\d+")) {
            throw new InvalidRequestException("Query string parameter 'taskId' must be a number, got '" + taskId + "'");
        }
        DatabaseRecord record = cluster.record(name).orElseThrow(() -> new DatabaseDoesNotExistException(name));
        JsonNode status = record.settings().path("PeriodicBackupStatus").path(taskId.trim());
        ObjectNode result = Json.object();
        if (status.isObject()) {
            result.set("Status", status);
        } else {
            result.putNull("Status");
        }
        return result;
    }
}
