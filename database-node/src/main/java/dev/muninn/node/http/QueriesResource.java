package dev.muninn.node.http;

import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.security.Access;
import dev.muninn.node.security.RequiredAccess;
import dev.muninn.node.cluster.ClusterState;
import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.documents.DatabasesLandlord;
import dev.muninn.node.documents.Json;
import dev.muninn.node.documents.Metadata;
import dev.muninn.node.documents.QueryRunner;
import dev.muninn.node.documents.Ticks;
import dev.muninn.node.documents.query.Query;
import dev.muninn.node.documents.query.RqlParser;
import dev.muninn.node.documents.query.UpdateClause;
import dev.muninn.node.documents.commands.DeleteDocument;
import dev.muninn.node.documents.commands.PatchDocument;
import dev.muninn.node.config.NodeSettings;
import dev.muninn.node.script.PatchScript;
import dev.muninn.node.tasks.DocumentsByQuery;
import dev.muninn.node.tasks.Operations;
import dev.muninn.node.http.errors.InvalidRequestException;

/**
 * {@code POST /databases/{db}/queries}. The query is parsed before the response starts, so bad RQL is a clean 400;
 * results are then streamed to the client as the scan finds them. PATCH and DELETE start a patch or delete by query.
 */
@Path("/databases/{db}/queries")
@Produces(MediaType.APPLICATION_JSON)
@Access(RequiredAccess.DatabaseRead)
public class QueriesResource {
    @Inject
    DatabasesLandlord landlord;

    @Inject
    ClusterState cluster;

    @Inject
    Operations operations;

    @Inject
    dev.muninn.node.script.JsSandbox sandbox;

    @Inject
    PatchScript patchScript;

    @Inject
    NodeSettings settings;

    @POST
    public Response query(@PathParam("db") String db,
                          @QueryParam("metadataOnly") @DefaultValue("false") boolean metadataOnly,
                          byte[] body) {
        DatabaseInstance database = landlord.get(db);
        Query query = parse(body);
        String nodeTag = cluster.nodeTagOrUnknown();
        StreamingOutput output = out -> {
            long started = System.nanoTime();
            try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out)) {
                json.writeStartObject();
                json.writeArrayFieldStart("Results");
                Set<String> includeIds = new LinkedHashSet<>();
                Set<String> resultIds = new java.util.HashSet<>();
                java.util.List<String> countedIds = new java.util.ArrayList<>();
                long total = database.read(reader -> {
                    long matches = QueryRunner.run(reader, query, candidate -> {
                        ObjectNode doc = candidate.document();
                        Includes.collectIds(doc, query.includes(), includeIds);
                        if (resultIds.add(candidate.documentId().toLowerCase(java.util.Locale.ROOT))
                                && query.counterIncludes() != null) {
                            countedIds.add(candidate.documentId());
                        }
                        write(json, render(query, candidate.documentId(), doc, metadataOnly));
                    });
                    endResults(json);
                    write(json, "Includes", Includes.load(reader, includeIds, resultIds));
                    if (query.counterIncludes() != null) {
                        writeCounterIncludes(json, reader, countedIds, query.counterIncludes());
                    }
                    return matches;
                });
                String now = Ticks.format(Ticks.now());
                json.writeNumberField("TotalResults", total);
                json.writeNumberField("LongTotalResults", total);
                json.writeNumberField("SkippedResults", 0);
                json.writeNullField("CappedMaxResults");
                json.writeStringField("IndexName", query.indexName());
                json.writeBooleanField("IsStale", false);
                json.writeStringField("IndexTimestamp", now);
                json.writeStringField("LastQueryTime", now);
                json.writeNumberField("ResultEtag", database.lastEtag());
                json.writeStringField("NodeTag", nodeTag);
                json.writeNumberField("DurationInMs", (System.nanoTime() - started) / 1_000_000);
                json.writeNullField("IncludedPaths");
                json.writeEndObject();
            }
        };
        return Response.ok(output, MediaType.APPLICATION_JSON_TYPE).build();
    }

    /**
     * {@code include counters(...)}: each result's counters ({@code CounterIncludes}, no null for a missing one) and
     * the names asked for ({@code IncludedCounterNames}, empty for all), which the session caches by.
     */
    private static void writeCounterIncludes(JsonGenerator json, DatabaseInstance.DocumentReader reader,
                                             java.util.List<String> ids, java.util.List<String> names) {
        ObjectNode counters = Json.object();
        ObjectNode included = Json.object();
        for (String id : ids) {
            counters.set(id, CountersJson.includes(reader, id, names));
            names.forEach(included.putArray(id)::add);
        }
        write(json, "CounterIncludes", counters);
        write(json, "IncludedCounterNames", included);
    }

    /**
     * The client's PatchByQueryOperation: {@code {"Query": {"Query": "from ... update { ... }", "QueryParameters":
     * {...}}}}. The query and script are checked here (a 400 before anything runs); the patching is an operation
     * the client follows by id.
     */
    @Access(RequiredAccess.DatabaseReadWrite)
    @jakarta.ws.rs.PATCH
    public ObjectNode patchByQuery(@PathParam("db") String db,
                                   @QueryParam("maxOpsPerSec") String maxOpsPerSec, byte[] body) {
        DatabaseInstance database = landlord.get(db);
        ObjectNode request = Bodies.object(body, "The patch by query");
        if (!(request.get("Query") instanceof ObjectNode indexQuery)) {
            throw new InvalidRequestException("The patch by query must have a Query object ({\"Query\": {\"Query\": "
                    + "\"from ... update { ... }\"}})");
        }
        String rql = requireRql(indexQuery);
        UpdateClause update = UpdateClause.split(rql).orElseThrow(() -> new InvalidRequestException(
                "A patch by query needs an 'update { ... }' clause at its end: " + rql));
        Query query = RqlParser.parse(update.query(), indexQuery.get("QueryParameters"));
        String script = update.scriptWithParameters(indexQuery.get("QueryParameters"));
        try {
            sandbox.checkSyntax(script);
        } catch (dev.muninn.node.script.ScriptException e) {
            throw new InvalidRequestException("The update script does not compile: " + e.getMessage());
        }
        PatchDocument.PatchRequest patch = new PatchDocument.PatchRequest(script, indexQuery.get("QueryParameters"));
        long maxDocumentBytes = settings.maxDocumentSizeBytes();
        return startByQuery(database, query, rql, "patch by query", maxOpsPerSec, id -> new PatchDocument(id, null,
                patch, null, null, false, patchScript, maxDocumentBytes));
    }

    /** The client's DeleteByQueryOperation: the body is the query itself ({@code {"Query": "from ...", ...}}). */
    @Access(RequiredAccess.DatabaseReadWrite)
    @jakarta.ws.rs.DELETE
    public ObjectNode deleteByQuery(@PathParam("db") String db,
                                    @QueryParam("maxOpsPerSec") String maxOpsPerSec, byte[] body) {
        DatabaseInstance database = landlord.get(db);
        ObjectNode indexQuery = Bodies.object(body, "The delete by query");
        String rql = requireRql(indexQuery);
        if (UpdateClause.split(rql).isPresent()) {
            throw new InvalidRequestException("A delete by query cannot have an 'update' clause: " + rql);
        }
        Query query = RqlParser.parse(rql, indexQuery.get("QueryParameters"));
        return startByQuery(database, query, rql, "delete by query", maxOpsPerSec, id -> new DeleteDocument(id,
                null));
    }

    /** The query of a request body ({@code {"Query": "...", "QueryParameters": {...}}}), parsed: bad RQL is a 400. */
    static Query parse(byte[] body) {
        ObjectNode request = Bodies.object(body, "The query");
        return RqlParser.parse(requireRql(request), request.get("QueryParameters"));
    }

    private static String requireRql(ObjectNode indexQuery) {
        String rql = Bodies.text(indexQuery, "Query");
        if (rql == null || rql.isBlank()) {
            throw new InvalidRequestException("The query request must have a Query");
        }
        return rql;
    }

    private ObjectNode startByQuery(DatabaseInstance database, Query query, String rql, String what,
                                    String maxOpsPerSec, java.util.function.Function<String,
            dev.muninn.node.documents.WriteOperation<?>> perDocument) {
        int rate = 0;
        if (maxOpsPerSec != null && !maxOpsPerSec.isBlank()) {
            try {
                rate = Integer.parseInt(maxOpsPerSec.trim());
            } catch (NumberFormatException e) {
                rate = -1;
            }
            if (rate <= 0) {
                throw new InvalidRequestException("Query string parameter 'maxOpsPerSec' must be a positive number, "
                        + "got '" + maxOpsPerSec + "'");
            }
        }
        DocumentsByQuery job = new DocumentsByQuery(database, query, perDocument, rate);
        long id = operations.start(database.name(), what + ": " + rql, progress -> job.run(progress, rql));
        ObjectNode result = Json.object();
        result.put("OperationId", id);
        result.put("OperationNodeTag", cluster.nodeTagOrUnknown());
        return result;
    }

    static ObjectNode render(Query query, String id, ObjectNode doc, boolean metadataOnly) {
        if (metadataOnly) {
            return DocumentsResource.metadataOnly(doc);
        }
        if (!query.hasProjection()) {
            return doc;
        }
        ObjectNode projected = query.project(id, doc);
        ObjectNode metadata = projected.putObject(Metadata.KEY);
        metadata.put(Metadata.ID, id);
        metadata.put(Metadata.CHANGE_VECTOR, doc.path(Metadata.KEY).path(Metadata.CHANGE_VECTOR).asText());
        metadata.put("@projection", true);
        return projected;
    }

    private static void write(JsonGenerator json, ObjectNode node) {
        try {
            Json.MAPPER.writeTree(json, node);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void write(JsonGenerator json, String field, ObjectNode node) {
        try {
            json.writeFieldName(field);
            Json.MAPPER.writeTree(json, node);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void endResults(JsonGenerator json) {
        try {
            json.writeEndArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
