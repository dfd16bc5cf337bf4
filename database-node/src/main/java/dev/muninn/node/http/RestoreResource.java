package dev.muninn.node.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.cluster.ClusterClient;
import dev.muninn.node.cluster.ClusterState;
import dev.muninn.node.cluster.DatabaseNames;
import dev.muninn.node.cluster.DatabaseRecord;
import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.documents.DatabasesLandlord;
import dev.muninn.node.documents.Json;
import dev.muninn.node.http.errors.InvalidRequestException;
import dev.muninn.node.tasks.BackupFiles;
import dev.muninn.node.tasks.DatabaseRestore;
import dev.muninn.node.tasks.Operations;

/**
 * The client's {@code RestoreBackupOperation}: a new database on this node from a folder of backups (the full one,
 * then its incrementals, up to {@code LastFileNameToRestore}), and the state of server operations it polls.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class RestoreResource {
    @Inject
    ClusterState cluster;

    @Inject
    ClusterClient clusterClient;

    @Inject
    DatabasesLandlord landlord;

    @Inject
    Operations operations;

    @POST
    @Path("admin/restore/database")
    public ObjectNode restore(InputStream body) {
        ObjectNode configuration = Bodies.object(body, "The restore configuration");
        String name = Bodies.text(configuration, "DatabaseName");
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException("DatabaseName is required");
        }
        DatabaseNames.validate(name);
        if (cluster.record(name).isPresent()) {
            throw new InvalidRequestException("Cannot restore into database '" + name + "': it already exists");
        }
        String location = Bodies.text(configuration, "BackupLocation");
        if (location == null || location.isBlank()) {
            throw new InvalidRequestException("BackupLocation is required (only local folders are supported yet)");
        }
        java.nio.file.Path folder = java.nio.file.Path.of(location);
        List<java.nio.file.Path> files;
        try {
            files = Files.isDirectory(folder) ? BackupFiles.inOrder(folder,
                    Bodies.text(configuration, "LastFileNameToRestore")) : List.of();
        } catch (IOException e) {
            throw new InvalidRequestException("Cannot read backup folder " + folder + ": " + e.getMessage());
        }
        if (files.isEmpty() || !files.get(0).getFileName().toString().endsWith(BackupFiles.FULL)) {
            throw new InvalidRequestException("No full backup to start from in " + folder);
        }
        String me = cluster.nodeTag().orElseThrow(() -> new InvalidRequestException(
                "This node is not part of a cluster yet"));
        long id = operations.start("restore of " + name, progress -> {
            DatabaseRecord created = clusterClient.createDatabase(name, 1, List.of(me), Json.object(), null);
            // Created here and applied locally before it returns: the landlord opens it on first use.
            DatabaseInstance instance = landlord.get(created.name());
            return DatabaseRestore.apply(instance, files, progress);
        });
        return BackupResource.operationId(cluster, id);
    }

    @GET
    @Path("operations/state")
    public Response serverOperationState(@QueryParam("id") String id) {
        return BackupResource.state(operations, id);
    }
}
