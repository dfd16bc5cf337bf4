package dev.muninn.node.http;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.security.Access;
import dev.muninn.node.security.RequiredAccess;
import dev.muninn.node.cluster.ClusterState;
import dev.muninn.node.cluster.DatabaseDoesNotExistException;
import dev.muninn.node.cluster.DatabaseRecord;
import dev.muninn.node.cluster.ClusterClient;
import dev.muninn.node.documents.Json;
import dev.muninn.node.http.errors.HeaderValues;
import dev.muninn.node.http.errors.InvalidRequestException;

/** Database records: the client's CreateDatabaseOperation, DeleteDatabasesOperation, GetDatabaseRecordOperation. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class AdminDatabasesResource {
    @Inject
    ClusterState cluster;

    @Inject
    ClusterClient clusterClient;

    @Inject
    MemberProbe members;

    @Inject
    dev.muninn.node.runtime.NodeSecurity security;

    @Access(RequiredAccess.Operator)
    @PUT
    @Path("admin/databases")
    public Response create(@QueryParam("name") String name, @QueryParam("replicationFactor") Integer replicationFactor,
                           @QueryParam("raft-request-id") String requestId, byte[] body) {
        ObjectNode record = Bodies.object(body, "The database record");
        String databaseName = name != null && !name.isBlank() ? name : Bodies.text(record, "DatabaseName");
        if (databaseName == null) {
            throw new InvalidRequestException("The database name is required (query parameter 'name' or DatabaseName)");
        }
        int factor = replicationFactor != null ? replicationFactor
                : record.path("Topology").path("ReplicationFactor").asInt(1);
        if (factor < 1) {
            throw new InvalidRequestException("replicationFactor must be at least 1, was " + factor);
        }
        if (record.path("Encrypted").asBoolean(false) && !security.secured()) {
            throw new InvalidRequestException("Database '" + databaseName + "' cannot be encrypted on an unsecured "
                    + "cluster: its key would travel in the clear. Give the nodes certificates (https ServerUrl).");
        }
        List<String> explicitNodes = new ArrayList<>();
        record.path("Topology").path("Members").forEach(m -> explicitNodes.add(m.asText()));
        DatabaseRecord created = clusterClient.createDatabase(databaseName, factor, explicitNodes, record, requestId);
        members.awaitServing(created); // usable on every member when this call returns, as RavenDB does
        ObjectNode result = Json.object();
        result.put("RaftCommandIndex", created.etag());
        result.put("Name", created.name());
        result.set("Topology", DatabaseRecordJson.topology(created));
        ArrayNode addedTo = result.putArray("NodesAddedTo");
        created.members().forEach(tag -> addedTo.add(cluster.urlOf(tag)));
        return Response.status(201).entity(result).build();
    }

    /** The client's AddDatabaseNodeOperation: a new instance as a promotable, promoted once caught up. */
    @Access(RequiredAccess.Operator)
    @PUT
    @Path("admin/databases/node")
    public ObjectNode addNode(@QueryParam("name") String name, @QueryParam("node") String node,
                              @QueryParam("raft-request-id") String requestId) {
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException("Query string parameter 'name' is required");
        }
        DatabaseRecord before = cluster.record(name).orElseThrow(() -> new DatabaseDoesNotExistException(name));
        if (node != null && !node.isBlank()) {
            if (!cluster.nodes().containsKey(node)) {
                throw new InvalidRequestException("Node " + node + " is not part of the cluster");
            }
            if (before.hostedOn(node)) {
                throw new InvalidRequestException("Can't add node " + node + " to database '" + name
                        + "' topology because it is already part of it");
            }
        }
        DatabaseRecord after = clusterClient.addDatabaseNode(name, node, requestId);
        ObjectNode result = Json.object();
        result.put("RaftCommandIndex", after.etag());
        result.put("Name", after.name());
        result.set("Topology", DatabaseRecordJson.topology(after));
        ArrayNode addedTo = result.putArray("NodesAddedTo");
        after.promotables().stream().filter(tag -> !before.hostedOn(tag)).forEach(tag -> addedTo.add(cluster.urlOf(tag)));
        return result;
    }

    @Access(RequiredAccess.Operator)
    @DELETE
    @Path("admin/databases")
    public ObjectNode delete(@QueryParam("raft-request-id") String requestId, byte[] body) {
        ObjectNode request = Bodies.object(body, "The delete request");
        JsonNode names = request.get("DatabaseNames");
        if (names == null || !names.isArray() || names.isEmpty()) {
            throw new InvalidRequestException("DatabaseNames must be a non-empty array");
        }
        boolean hardDelete = request.path("HardDelete").asBoolean(false);
        List<String> fromNodes = new ArrayList<>();
        request.path("FromNodes").forEach(n -> fromNodes.add(n.asText()));
        long index = cluster.index();
        for (JsonNode name : names) {
            index = clusterClient.deleteDatabase(name.asText(), hardDelete, fromNodes,
                    requestId == null ? null : requestId + "/" + name.asText());
        }
        ObjectNode result = Json.object();
        result.put("RaftCommandIndex", index);
        result.putArray("PendingDeletes");
        return result;
    }

    @Access(RequiredAccess.Operator)
    @GET
    @Path("admin/databases")
    public Response record(@QueryParam("name") String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException("Query string parameter 'name' is required");
        }
        return cluster.record(name)
                .map(record -> Response.ok(DatabaseRecordJson.full(record)).build())
                .orElseGet(() -> Response.status(404).header("Database-Missing", HeaderValues.safe(name)).build());
    }

    @Access(RequiredAccess.ValidUser)
    @GET
    @Path("databases")
    public ObjectNode list(@QueryParam("start") @DefaultValue("0") int start,
                           @QueryParam("pageSize") @DefaultValue("25") int pageSize,
                           @QueryParam("namesOnly") @DefaultValue("false") boolean namesOnly,
                           @jakarta.ws.rs.core.Context io.vertx.ext.web.RoutingContext routing) {
        List<DatabaseRecord> records = new ArrayList<>(cluster.records());
        if (security.secured()) { // a ValidUser sees the databases it was granted, as in RavenDB
            dev.muninn.node.security.Identity caller = RequestAuthentication.identityOf(routing);
            if (!caller.clearance().atLeast(dev.muninn.node.security.SecurityClearance.Operator)) {
                records.removeIf(record -> caller.accessTo(record.name()).isEmpty());
            }
        }
        ObjectNode result = Json.object();
        ArrayNode databases = result.putArray("Databases");
        records.stream().skip(Math.max(0, start)).limit(Math.max(0, pageSize)).forEach(record -> {
            if (namesOnly) {
                databases.add(record.name());
            } else {
                databases.addObject().put("Name", record.name()).put("Disabled", record.disabled())
                        .put("ReplicationFactor", record.replicationFactor());
            }
        });
        return result;
    }
}
