package dev.muninn.node.http;

import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.security.Access;
import dev.muninn.node.security.RequiredAccess;
import dev.muninn.node.cluster.ClusterClient;
import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.documents.DatabasesLandlord;
import dev.muninn.node.documents.Document;
import dev.muninn.node.documents.Json;
import dev.muninn.node.documents.Ticks;
import dev.muninn.node.documents.revisions.RevisionsConfiguration;
import dev.muninn.node.http.errors.InvalidRequestException;

/**
 * Revisions as the official client uses them: ConfigureRevisionsOperation (stored in the database record through
 * Raft), and the session's {@code advanced().revisions()} reads: by document id (newest first, paged), by change
 * vector, as of a date ({@code before}), and the count.
 */
@Path("/databases/{db}")
@Produces(MediaType.APPLICATION_JSON)
public class RevisionsResource {
    @Inject
    DatabasesLandlord landlord;

    @Inject
    ClusterClient cluster;

    @Access(RequiredAccess.DatabaseAdmin)
    @POST
    @Path("admin/revisions/config")
    public ObjectNode configure(@PathParam("db") String db, @QueryParam("raft-request-id") String requestId,
                                byte[] body) {
        ObjectNode configuration = Bodies.object(body, "The revisions configuration");
        try {
            RevisionsConfiguration.from(configuration);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
        String name = landlord.get(db).name();
        long index = cluster.updateDatabaseSetting(name, "Revisions", configuration, requestId);
        ObjectNode result = Json.object();
        result.put("RaftCommandIndex", index);
        return result;
    }

    @Access(RequiredAccess.DatabaseRead)
    @GET
    @Path("revisions")
    public ObjectNode get(@PathParam("db") String db, @QueryParam("id") String id,
                          @QueryParam("changeVector") List<String> changeVectors, @QueryParam("before") String before,
                          @QueryParam("start") @DefaultValue("0") int start,
                          @QueryParam("pageSize") @DefaultValue("1024") int pageSize,
                          @QueryParam("metadataOnly") @DefaultValue("false") boolean metadataOnly) {
        DatabaseInstance database = landlord.get(db);
        ObjectNode result = Json.object();
        ArrayNode results = result.putArray("Results");
        if (id == null || id.isBlank()) {
            if (changeVectors == null || changeVectors.isEmpty()) {
                throw new InvalidRequestException("Query string parameter 'id' or 'changeVector' is required");
            }
            for (String changeVector : changeVectors) {
                Optional<Document> revision = database.read(r -> r.revisionByChangeVector(changeVector));
                if (revision.isPresent()) {
                    results.add(render(revision.get(), metadataOnly));
                } else {
                    results.addNull();
                }
            }
            return result;
        }
        List<Document> newestFirst = new java.util.ArrayList<>(database.read(r -> r.revisionsOf(id)));
        java.util.Collections.reverse(newestFirst);
        if (before != null && !before.isBlank()) {
            Long limit = Ticks.parseOrNull(before);
            if (limit == null) {
                throw new InvalidRequestException("Query string parameter 'before' is not a date: " + before);
            }
            newestFirst.stream().filter(r -> r.lastModifiedTicks() <= limit).findFirst()
                    .ifPresent(r -> results.add(render(r, metadataOnly)));
            return result;
        }
        newestFirst.stream().skip(Math.max(0, start)).limit(Math.max(0, pageSize))
                .forEach(r -> results.add(render(r, metadataOnly)));
        result.put("TotalResults", newestFirst.size());
        return result;
    }

    @Access(RequiredAccess.DatabaseRead)
    @GET
    @Path("revisions/count")
    public ObjectNode count(@PathParam("db") String db, @QueryParam("id") String id) {
        if (id == null || id.isBlank()) {
            throw new InvalidRequestException("Query string parameter 'id' is required");
        }
        ObjectNode result = Json.object();
        result.put("RevisionsCount", (long) landlord.get(db).read(r -> r.revisionsOf(id).size()));
        return result;
    }

    private static ObjectNode render(Document revision, boolean metadataOnly) {
        ObjectNode json = revision.toJson();
        return metadataOnly ? DocumentsResource.metadataOnly(json) : json;
    }
}
