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

import dev.muninn.node.http.errors.InvalidRequestException;
import dev.muninn.node.security.Access;
import dev.muninn.node.security.RequiredAccess;
import dev.muninn.node.tasks.Operations;

/**
 * A database's long-running operations as the client's {@code Operation} follows them: its state (polled by
 * {@code waitForCompletion}) and {@code kill} (the client's KillOperationCommand).
 */
@Path("/databases/{database}/operations")
@Produces(MediaType.APPLICATION_JSON)
public class DatabaseOperationsResource {
    @Inject
    Operations operations;

    @Inject
    dev.muninn.node.cluster.ClusterState cluster;

    @Inject
    dev.muninn.node.documents.DatabasesLandlord landlord;

    /** An id for an operation the client starts next, on this node (a bulk insert asks for one, then streams). */
    @Access(RequiredAccess.DatabaseReadWrite)
    @GET
    @Path("next-operation-id")
    public com.fasterxml.jackson.databind.node.ObjectNode nextOperationId(@PathParam("database") String database) {
        landlord.get(database); // an unknown database is refused here, not when the stream starts
        com.fasterxml.jackson.databind.node.ObjectNode id = dev.muninn.node.documents.Json.object();
        id.put("Id", operations.nextId());
        id.put("NodeTag", cluster.nodeTagOrUnknown());
        return id;
    }

    @Access(RequiredAccess.DatabaseRead)
    @GET
    @Path("state")
    public Response state(@PathParam("database") String database, @QueryParam("id") String id) {
        return state(operations, id, database);
    }

    /** Asks a running operation to stop; it ends Canceled at its next step (an unknown or finished one is a 404). */
    @Access(RequiredAccess.DatabaseReadWrite)
    @POST
    @Path("kill")
    public Response kill(@PathParam("database") String database, @QueryParam("id") String id) {
        return operations.kill(operationId(id), database) ? Response.ok().build() : Response.status(404).build();
    }

    /** An operation's state; with {@code database}, only an operation on that database. */
    static Response state(Operations operations, String id, String database) {
        long operation = operationId(id);
        return (database == null ? operations.state(operation) : operations.state(operation, database))
                .map(s -> Response.ok(s).build()).orElseGet(() -> Response.status(404).build());
    }

    private static long operationId(String id) {
        try {
            return Long.parseLong(id == null ? "" : id.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("Query string parameter 'id' must be a number, got '" + id + "'");
        }
    }
}
