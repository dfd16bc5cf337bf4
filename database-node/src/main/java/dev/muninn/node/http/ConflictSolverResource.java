package dev.muninn.node.http;

import java.io.InputStream;

import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.cluster.ClusterClient;
import dev.muninn.node.documents.Json;
import dev.muninn.node.http.errors.InvalidRequestException;

/** The client's ModifyConflictSolverOperation: per-collection resolver scripts and "resolve to latest". */
@Path("/admin/replication/conflicts/solver")
@Produces(MediaType.APPLICATION_JSON)
public class ConflictSolverResource {
    @Inject
    ClusterClient cluster;

    @POST
    public ObjectNode modify(@QueryParam("name") String name, @QueryParam("raft-request-id") String requestId,
                             InputStream body) {
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException("Query string parameter 'name' is required");
        }
        ObjectNode solver = Bodies.object(body, "The conflict solver");
        long index = cluster.updateConflictSolver(name, solver, requestId);
        ObjectNode result = Json.object();
        result.put("Key", name);
        result.put("RaftCommandIndex", index);
        result.set("Solver", solver);
        return result;
    }
}
