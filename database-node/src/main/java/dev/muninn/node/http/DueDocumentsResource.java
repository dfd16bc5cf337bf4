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

import dev.muninn.node.cluster.ClusterClient;
import dev.muninn.node.cluster.ClusterState;
import dev.muninn.node.documents.DatabasesLandlord;
import dev.muninn.node.documents.Json;
import dev.muninn.node.http.errors.InvalidRequestException;
import dev.muninn.node.security.Access;
import dev.muninn.node.security.RequiredAccess;

/**
 * The clients' ConfigureExpirationOperation and ConfigureRefreshOperation: the configuration goes into the database
 * record (through Raft, like every record change), where the expiration task reads it. Checked first: a frequency or
 * a limit that is not a positive number is a 400.
 */
@Path("/databases/{db}")
@Produces(MediaType.APPLICATION_JSON)
public class DueDocumentsResource {
    @Inject
    DatabasesLandlord landlord;

    @Inject
    ClusterClient clusterClient;

    @Inject
    ClusterState cluster;

    @Access(RequiredAccess.DatabaseAdmin)
    @POST
    @Path("admin/expiration/config")
    public ObjectNode configureExpiration(@PathParam("db") String db, @QueryParam("raft-request-id") String requestId,
                                          byte[] body) {
        return configure(db, "Expiration", "DeleteFrequencyInSec", requestId, body);
    }

    @Access(RequiredAccess.DatabaseAdmin)
    @POST
    @Path("admin/refresh/config")
    public ObjectNode configureRefresh(@PathParam("db") String db, @QueryParam("raft-request-id") String requestId,
                                       byte[] body) {
        return configure(db, "Refresh", "RefreshFrequencyInSec", requestId, body);
    }

    @Access(RequiredAccess.DatabaseRead)
    @GET
    @Path("expiration/config")
    public Response expiration(@PathParam("db") String db) {
        return setting(db, "Expiration");
    }

    @Access(RequiredAccess.DatabaseRead)
    @GET
    @Path("refresh/config")
    public Response refresh(@PathParam("db") String db) {
        return setting(db, "Refresh");
    }

    private Response setting(String db, String setting) {
        String name = landlord.get(db).name();
        JsonNode value = cluster.record(name).map(r -> r.settings() == null ? null : r.settings().get(setting))
                .orElse(null);
        return value == null || value.isNull() ? Response.status(404).build() : Response.ok(value).build();
    }

    private ObjectNode configure(String db, String setting, String frequencyField, String requestId, byte[] body) {
        ObjectNode configuration = Bodies.object(body, "The " + setting.toLowerCase(java.util.Locale.ROOT)
                + " configuration");
        JsonNode disabled = configuration.get("Disabled");
        if (disabled != null && !disabled.isNull() && !disabled.isBoolean()) {
            throw new InvalidRequestException("Disabled must be true or false, got " + disabled);
        }
        for (String field : new String[]{frequencyField, "MaxItemsToProcess"}) {
            JsonNode value = configuration.get(field);
            if (value != null && !value.isNull() && !(value.canConvertToLong() && value.isIntegralNumber()
                    && value.asLong() > 0)) {
                throw new InvalidRequestException(field + " must be a positive whole number, got " + value);
            }
        }
        String name = landlord.get(db).name();
        long index = clusterClient.updateDatabaseSetting(name, setting, configuration, requestId);
        ObjectNode result = Json.object();
        result.put("RaftCommandIndex", index);
        return result;
    }
}
