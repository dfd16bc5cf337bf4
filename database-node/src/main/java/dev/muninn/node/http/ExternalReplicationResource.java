package dev.muninn.node.http;

import java.net.URI;
import java.net.URISyntaxException;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.security.Access;
import dev.muninn.node.security.RequiredAccess;
import dev.muninn.node.cluster.ClusterClient;
import dev.muninn.node.cluster.ClusterState;
import dev.muninn.node.cluster.DatabaseDoesNotExistException;
import dev.muninn.node.cluster.DatabaseNames;
import dev.muninn.node.cluster.DatabaseRecord;
import dev.muninn.node.cluster.OngoingTaskType;
import dev.muninn.node.cluster.ResponsibleNode;
import dev.muninn.node.documents.Json;
import dev.muninn.node.http.errors.InvalidRequestException;

/**
 * Replication to a database of another cluster: Raven connection strings ({@code PutConnectionStringOperation},
 * {@code GetConnectionStringsOperation}, {@code RemoveConnectionStringOperation}) and external replication tasks
 * ({@code UpdateExternalReplicationOperation}); listing, toggling and deleting the tasks is
 * {@link OngoingTasksResource}'s.
 */
@Path("/databases/{database}")
@Produces(MediaType.APPLICATION_JSON)
@Access(RequiredAccess.DatabaseAdmin)
public class ExternalReplicationResource {
    private static final String RAVEN = "Raven";

    @Inject
    ClusterState cluster;

    @Inject
    ClusterClient clusterClient;

    @PUT
    @Path("admin/connection-strings")
    public ObjectNode putConnectionString(@PathParam("database") String database,
                                          @QueryParam("raft-request-id") String requestId, byte[] body) {
        record(database);
        ObjectNode connectionString = Bodies.object(body, "The connection string");
        String type = connectionString.path("Type").asText(RAVEN);
        if (!RAVEN.equals(type)) {
            throw new InvalidRequestException("Connection strings of type " + type + " are not supported; only Raven");
        }
        String name = required(connectionString, "Name");
        DatabaseNames.validate(required(connectionString, "Database"));
        JsonNode urls = connectionString.path("TopologyDiscoveryUrls");
        if (!urls.isArray() || urls.isEmpty()) {
            throw new InvalidRequestException("TopologyDiscoveryUrls must list at least one URL of the destination");
        }
        ArrayNode cleaned = Json.MAPPER.createArrayNode();
        for (JsonNode url : urls) {
            cleaned.add(httpUrl(url.asText("")));
        }
        ObjectNode stored = Json.object();
        stored.put("Type", RAVEN);
        stored.put("Name", name);
        stored.put("Database", connectionString.path("Database").asText());
        stored.set("TopologyDiscoveryUrls", cleaned);
        long index = clusterClient.putConnectionString(database, name, stored, requestId);
        ObjectNode result = Json.object();
        result.put("RaftCommandIndex", index);
        return result;
    }

    @GET
    @Path("admin/connection-strings")
    public ObjectNode connectionStrings(@PathParam("database") String database,
                                        @QueryParam("connectionStringName") String name,
                                        @QueryParam("type") String type) {
        DatabaseRecord record = record(database);
        JsonNode all = record.settings().path("RavenConnectionStrings");
        ObjectNode raven = Json.object();
        if (type == null || RAVEN.equalsIgnoreCase(type)) {
            all.fields().forEachRemaining(entry -> {
                if (name == null || name.equals(entry.getKey())) {
                    raven.set(entry.getKey(), entry.getValue());
                }
            });
        }
        ObjectNode result = Json.object();
        result.set("RavenConnectionStrings", raven);
        for (String other : new String[]{"SqlConnectionStrings", "OlapConnectionStrings",
                "ElasticSearchConnectionStrings", "QueueConnectionStrings"}) {
            result.putObject(other);
        }
        return result;
    }

    @DELETE
    @Path("admin/connection-strings")
    public ObjectNode removeConnectionString(@PathParam("database") String database,
                                             @QueryParam("connectionString") String name,
                                             @QueryParam("raft-request-id") String requestId) {
        DatabaseRecord record = record(database);
        if (name == null || !record.settings().path("RavenConnectionStrings").has(name)) {
            throw new InvalidRequestException("Database '" + database + "' has no connection string named '" + name
                    + "'");
        }
        for (JsonNode task : record.settings().path(OngoingTaskType.REPLICATION.recordField())) {
            if (name.equals(task.path("ConnectionStringName").asText())) {
                throw new InvalidRequestException("Connection string '" + name + "' is used by external replication "
                        + "task '" + OngoingTaskJson.name(OngoingTaskType.REPLICATION, task) + "'; delete it first");
            }
        }
        long index = clusterClient.putConnectionString(database, name, null, requestId);
        ObjectNode result = Json.object();
        result.put("RaftCommandIndex", index);
        return result;
    }

    /** The client's UpdateExternalReplicationOperation: adds (TaskId 0) or replaces an external replication. */
    @POST
    @Path("admin/tasks/external-replication")
    public ObjectNode updateExternalReplication(@PathParam("database") String database,
                                                @QueryParam("raft-request-id") String requestId, byte[] body) {
        DatabaseRecord record = record(database);
        JsonNode watcher = Bodies.object(body, "The external replication").path("Watcher");
        if (!(watcher instanceof ObjectNode configuration)) {
            throw new InvalidRequestException("The body must be {\"Watcher\": {...}} with the external replication");
        }
        String connectionStringName = required(configuration, "ConnectionStringName");
        if (!record.settings().path("RavenConnectionStrings").has(connectionStringName)) {
            throw new InvalidRequestException("Connection string '" + connectionStringName + "' does not exist; put it "
                    + "first with PutConnectionStringOperation");
        }
        String delay = configuration.path("DelayReplicationFor").asText("00:00:00");
        try {
            if (!dev.muninn.node.documents.TimeSpans.parse(delay).isZero()) {
                throw new InvalidRequestException("DelayReplicationFor is not supported yet; leave it at 00:00:00");
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("DelayReplicationFor: " + e.getMessage());
        }
        long taskId = configuration.path("TaskId").asLong(0);
        ObjectNode task = Json.object();
        task.put("TaskId", taskId);
        task.put("Name", configuration.path("Name").asText(""));
        task.put("ConnectionStringName", connectionStringName);
        task.put("MentorNode", configuration.path("MentorNode").isTextual()
                ? configuration.path("MentorNode").asText() : null);
        task.put("PinToMentorNode", configuration.path("PinToMentorNode").asBoolean(false));
        task.put("Disabled", configuration.path("Disabled").asBoolean(false));
        task.put("DelayReplicationFor", delay);
        long id = clusterClient.putExternalReplication(database, task, requestId);
        ObjectNode result = Json.object();
        result.put("TaskId", id);
        result.put("RaftCommandIndex", cluster.index());
        String responsible = null;
        DatabaseRecord updated = record(database);
        for (JsonNode stored : updated.settings().path(OngoingTaskType.REPLICATION.recordField())) {
            if (stored.path("TaskId").asLong() == id) {
                responsible = ResponsibleNode.ofTask(updated, stored).orElse(null);
            }
        }
        result.put("ResponsibleNode", responsible);
        return result;
    }

    private DatabaseRecord record(String database) {
        return cluster.record(database).orElseThrow(() -> new DatabaseDoesNotExistException(database));
    }

    private static String required(JsonNode node, String field) {
        String value = Bodies.text(node, field);
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException(field + " is required");
        }
        return value;
    }

    private static String httpUrl(String text) {
        try {
            URI uri = new URI(text.trim());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new InvalidRequestException("'" + text + "' is not an http(s) URL of a node");
            }
            String url = uri.toString();
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        } catch (URISyntaxException e) {
            throw new InvalidRequestException("'" + text + "' is not a URL: " + e.getMessage());
        }
    }
}
