package dev.muninn.node.http;


import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.security.Access;
import dev.muninn.node.security.RequiredAccess;
import dev.muninn.node.cluster.ClusterClient;
import dev.muninn.node.documents.Json;
import dev.muninn.node.http.errors.InvalidRequestException;

/**
 * The client's ModifyConflictSolverOperation: per-collection resolver scripts and "resolve to latest"; Muninn also
 * takes {@code AuthoritativeNode} (a node tag whose version wins). Scripts are compiled here, so a syntax error is a
 * 400 now rather than a conflict that never resolves later.
 */
@Path("/admin/replication/conflicts/solver")
@Produces(MediaType.APPLICATION_JSON)
@Access(RequiredAccess.Operator)
public class ConflictSolverResource {
    @Inject
    ClusterClient cluster;

    @Inject
    dev.muninn.node.script.JsSandbox sandbox;

    @Inject
    dev.muninn.node.cluster.ClusterState clusterState;

    @POST
    public ObjectNode modify(@QueryParam("name") String name, @QueryParam("raft-request-id") String requestId,
                             byte[] body) {
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException("Query string parameter 'name' is required");
        }
        ObjectNode solver = Bodies.object(body, "The conflict solver");
        validate(solver);
        long index = cluster.updateConflictSolver(name, solver, requestId);
        ObjectNode result = Json.object();
        result.put("Key", name);
        result.put("RaftCommandIndex", index);
        result.set("Solver", solver);
        return result;
    }

    private void validate(ObjectNode solver) {
        var authoritative = solver.get("AuthoritativeNode");
        if (authoritative != null && !authoritative.isNull()
                && !(authoritative.isTextual() && authoritative.asText().matches("[A-Z]{1,4}"))) {
            throw new InvalidRequestException("AuthoritativeNode must be a node tag (A, B, ...), got " + authoritative);
        }
        if (authoritative != null && authoritative.isTextual()
                && !clusterState.nodes().containsKey(authoritative.asText())) {
            throw new InvalidRequestException("AuthoritativeNode '" + authoritative.asText() + "' is not a node of "
                    + "this cluster " + new java.util.TreeSet<>(clusterState.nodes().keySet()));
        }
        var latest = solver.get("ResolveToLatest");
        if (latest != null && !latest.isNull() && !latest.isBoolean()) {
            // Read as false otherwise: "yes" would be stored and silently mean no.
            throw new InvalidRequestException("ResolveToLatest must be true or false, got " + latest);
        }
        var collections = solver.path("ResolveByCollection");
        if (!collections.isMissingNode() && !collections.isNull() && !collections.isObject()) {
            throw new InvalidRequestException("ResolveByCollection must be an object of collection names to "
                    + "{\"Script\": ...}, got " + collections);
        }
        collections.fields().forEachRemaining(entry -> {
            if (!entry.getValue().isObject() || !entry.getValue().path("Script").isTextual()) {
                throw new InvalidRequestException("ResolveByCollection." + entry.getKey() + " must be {\"Script\": "
                        + "\"...\"}, got " + entry.getValue());
            }
            String script = entry.getValue().path("Script").asText("");
            try {
                sandbox.checkSyntax(script);
            } catch (dev.muninn.node.script.ScriptException e) {
                throw new InvalidRequestException("The conflict resolution script for collection '" + entry.getKey()
                        + "' does not compile: " + e.getMessage());
            }
        });
    }
}
