package dev.muninn.node.http;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.security.Access;
import dev.muninn.node.security.RequiredAccess;
import dev.muninn.node.config.NodeSettings;
import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.documents.DatabasesLandlord;
import dev.muninn.node.documents.Document;
import dev.muninn.node.documents.Json;
import dev.muninn.node.documents.Metadata;
import dev.muninn.node.documents.commands.DeleteDocument;
import dev.muninn.node.documents.commands.PatchDocument;
import dev.muninn.node.documents.commands.PatchResult;
import dev.muninn.node.documents.commands.PutDocument;
import dev.muninn.node.documents.commands.PutResult;
import dev.muninn.node.http.errors.InvalidRequestException;
import dev.muninn.node.script.PatchScript;

/** {@code /databases/{db}/docs}: load by id (one, many, with includes), by prefix, HEAD, single PUT, PATCH, DELETE. */
@Path("/databases/{db}/docs")
@Produces(MediaType.APPLICATION_JSON)
public class DocumentsResource {
    @Inject
    DatabasesLandlord landlord;

    @Inject
    NodeSettings settings;

    @Inject
    PatchScript patchScript;

    @Inject
    dev.muninn.node.documents.ClusterTransactions clusterTransactions;

    @Access(RequiredAccess.DatabaseRead)
    @GET
    public Response get(@PathParam("db") String db, @QueryParam("id") List<String> ids,
                        @QueryParam("include") List<String> include,
                        @QueryParam("counter") List<String> counters,
                        @QueryParam("metadataOnly") @DefaultValue("false") boolean metadataOnly,
                        @QueryParam("startsWith") String startsWith,
                        @QueryParam("start") @DefaultValue("0") int start,
                        @QueryParam("pageSize") @DefaultValue("25") int pageSize,
                        @jakarta.ws.rs.HeaderParam("Known-Raft-Index") String knownClusterTransaction)
            throws InterruptedException {
        DatabaseInstance database = landlord.get(db);
        awaitClusterTransaction(database, knownClusterTransaction);
        if (startsWith != null) {
            return Response.ok(byPrefix(database, startsWith, start, pageSize, metadataOnly)).build();
        }
        List<String> wanted = nonEmpty(ids);
        if (wanted.isEmpty()) {
            return Response.ok(byPrefix(database, "", start, pageSize, metadataOnly)).build();
        }
        return byIds(database, wanted, nonEmpty(include), nonEmpty(counters), metadataOnly);
    }

    @Access(RequiredAccess.DatabaseRead)
    @POST
    public Response getMany(@PathParam("db") String db, @QueryParam("include") List<String> include,
                            @QueryParam("counter") List<String> counters,
                            @QueryParam("metadataOnly") @DefaultValue("false") boolean metadataOnly,
                            byte[] body) {
        ObjectNode request = Bodies.object(body, "The ids request");
        JsonNode idsNode = request.get("Ids");
        if (idsNode == null || !idsNode.isArray()) {
            throw new InvalidRequestException("Ids must be an array of document ids");
        }
        List<String> ids = new ArrayList<>();
        idsNode.forEach(id -> ids.add(id.asText()));
        return byIds(landlord.get(db), ids, nonEmpty(include), nonEmpty(counters), metadataOnly);
    }

    @Access(RequiredAccess.DatabaseRead)
    @HEAD
    public Response exists(@PathParam("db") String db, @QueryParam("id") String id) {
        if (id == null || id.isEmpty()) {
            throw new InvalidRequestException("Query string parameter 'id' is required");
        }
        return landlord.get(db).get(id)
                .map(doc -> Response.ok().header("ETag", "\"" + doc.changeVector() + "\"").build())
                .orElseGet(() -> Response.status(404).build());
    }

    @Access(RequiredAccess.DatabaseReadWrite)
    @PUT
    public Response put(@PathParam("db") String db, @QueryParam("id") String id,
                        @HeaderParam("If-Match") String ifMatch, byte[] body) {
        ObjectNode document = Bodies.object(body, "The document");
        PutResult result = landlord.get(db).write(
                new PutDocument(id, document, unquote(ifMatch), settings.maxDocumentSizeBytes()));
        ObjectNode json = Json.object();
        json.put("Id", result.id());
        json.put("ChangeVector", result.changeVector());
        // Bytes, not the tree: the framework then skips its per-request search for a writer of JsonNode.
        return Response.status(201).type(MediaType.APPLICATION_JSON_TYPE).entity(Json.bytes(json)).build();
    }

    /**
     * The client's single-document PatchOperation: {@code {"Patch": {...}, "PatchIfMissing": {...}}}. A patch that
     * changes nothing is a 304 and a missing document without PatchIfMissing a 404, as the client expects.
     */
    @Access(RequiredAccess.DatabaseReadWrite)
    @jakarta.ws.rs.PATCH
    public Response patch(@PathParam("db") String db, @QueryParam("id") String id,
                          @HeaderParam("If-Match") String ifMatch,
                          @QueryParam("skipPatchIfChangeVectorMismatch") @DefaultValue("false") boolean skipIfMismatch,
                          @QueryParam("debug") @DefaultValue("false") boolean debug,
                          @QueryParam("test") @DefaultValue("false") boolean test, byte[] body) {
        if (id == null || id.isEmpty()) {
            throw new InvalidRequestException("Query string parameter 'id' is required");
        }
        ObjectNode request = Bodies.object(body, "The patch");
        PatchDocument patch = new PatchDocument(id, unquote(ifMatch),
                PatchRequests.parse(request.get("Patch"), "The patch request", true),
                PatchRequests.parse(request.get("PatchIfMissing"), "The patch request (PatchIfMissing)", false), null,
                true, patchScript, settings.maxDocumentSizeBytes(),
                new PatchDocument.Options(skipIfMismatch, test, debug));
        PatchResult result = landlord.get(db).write(patch);
        return switch (result.status()) {
            case DocumentDoesNotExist -> Response.status(404).build();
            case NotModified -> debug ? Response.ok(Json.bytes(PatchRequests.render(result, collectionOf(result))),
                    MediaType.APPLICATION_JSON_TYPE).build() : Response.notModified().build();
            default -> Response.ok(Json.bytes(PatchRequests.render(result, collectionOf(result))),
                    MediaType.APPLICATION_JSON_TYPE).build();
        };
    }

    private static String collectionOf(PatchResult result) {
        if (result.modifiedDocument() == null) {
            return null;
        }
        return result.modifiedDocument().path(Metadata.KEY).path(Metadata.COLLECTION).asText(null);
    }

    @Access(RequiredAccess.DatabaseReadWrite)
    @DELETE
    public Response delete(@PathParam("db") String db, @QueryParam("id") String id,
                           @HeaderParam("If-Match") String ifMatch) {
        landlord.get(db).write(new DeleteDocument(id, unquote(ifMatch)));
        return Response.noContent().build();
    }

    /** Counter includes: {@code counter=name} repeated, or {@code @all_counters}. */
    private static final String ALL_COUNTERS = "@all_counters";

    private static Response byIds(DatabaseInstance database, List<String> ids, List<String> include,
                                  List<String> counters, boolean metadataOnly) {
        if (include.isEmpty() && counters.isEmpty()) {
            return byIdsStreamed(database, ids, metadataOnly);
        }
        return database.read(reader -> {
            ObjectNode result = Json.object();
            ArrayNode results = result.putArray("Results");
            Set<String> includeIds = new LinkedHashSet<>();
            Set<String> loaded = new HashSet<>();
            ObjectNode counterIncludes = Json.object();
            List<String> counterNames = counters.contains(ALL_COUNTERS) ? List.of() : counters;
            boolean anyFound = false;
            for (String id : ids) {
                Optional<Document> doc = reader.get(id);
                if (doc.isEmpty()) {
                    results.addNull();
                    continue;
                }
                anyFound = true;
                ObjectNode json = doc.get().toJson();
                loaded.add(id.toLowerCase(Locale.ROOT));
                Includes.collectIds(json, include, includeIds);
                results.add(metadataOnly ? metadataOnly(json) : json);
                if (!counters.isEmpty()) {
                    counterIncludes.set(doc.get().id(), CountersJson.includes(reader, id, counterNames));
                }
            }
            if (!anyFound && ids.size() == 1) {
                return Response.status(404).build();
            }
            result.set("Includes", Includes.load(reader, includeIds, loaded));
            if (!counters.isEmpty()) {
                result.set("CounterIncludes", counterIncludes);
            }
            return Response.ok(result).build();
        });
    }

    /** Loads without includes (the common case): stored bytes are copied to the response, no tree is built. */
    private static Response byIdsStreamed(DatabaseInstance database, List<String> ids, boolean metadataOnly) {
        List<Optional<Document>> docs = database.read(reader -> {
            List<Optional<Document>> found = new ArrayList<>(ids.size());
            ids.forEach(id -> found.add(reader.get(id)));
            return found;
        });
        if (ids.size() == 1 && docs.get(0).isEmpty()) {
            return Response.status(404).build();
        }
        StreamingOutput body = out -> LoadResults.write(out, docs, metadataOnly);
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static ObjectNode byPrefix(DatabaseInstance database, String prefix, int start, int pageSize,
                                       boolean metadataOnly) {
        if (start < 0 || pageSize < 0) {
            throw new InvalidRequestException("start and pageSize must not be negative");
        }
        return database.read(reader -> {
            ObjectNode result = Json.object();
            ArrayNode results = result.putArray("Results");
            int[] seen = {0};
            if (pageSize > 0) {
                reader.scanIdPrefix(prefix, doc -> {
                    if (seen[0]++ >= start) {
                        ObjectNode json = doc.toJson();
                        results.add(metadataOnly ? metadataOnly(json) : json);
                    }
                    return results.size() < pageSize;
                });
            }
            result.putObject("Includes");
            return result;
        });
    }

    static ObjectNode metadataOnly(ObjectNode document) {
        ObjectNode json = Json.object();
        json.set(Metadata.KEY, document.get(Metadata.KEY));
        return json;
    }

    private static List<String> nonEmpty(List<String> values) {
        List<String> result = new ArrayList<>();
        if (values != null) {
            values.stream().filter(v -> v != null && !v.isEmpty()).forEach(result::add);
        }
        return result;
    }

    static String unquote(String etag) {
        if (etag == null) {
            return null;
        }
        String trimmed = etag.trim();
        return trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")
                ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
    }

    /**
     * A session that committed a cluster-wide transaction names its index ({@code Known-Raft-Index}) on later
     * reads: wait until this node applied it, so the session reads its own writes on whichever node it asks.
     */
    private void awaitClusterTransaction(DatabaseInstance database, String known) throws InterruptedException {
        if (known == null || known.isBlank()) {
            return;
        }
        long index;
        try {
            index = Long.parseLong(known.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("Header Known-Raft-Index must be a number, got '" + known + "'");
        }
        if (!clusterTransactions.awaitApplied(database, index, settings.clusterOperationTimeout())) {
            throw new dev.muninn.node.documents.DatabaseUnavailableException("Database '" + database.name()
                    + "' has not applied cluster transaction " + index + " on this node yet");
        }
    }
}
