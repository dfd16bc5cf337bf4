package dev.muninn.node.http;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.concurrent.DaemonThreads;
import dev.muninn.node.security.Access;
import dev.muninn.node.security.RequiredAccess;
import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.documents.DatabasesLandlord;
import dev.muninn.node.documents.Json;
import dev.muninn.node.replication.ReplicationBatchCodec;
import dev.muninn.node.replication.incoming.IncomingReplication;
import dev.muninn.node.replication.incoming.ReplicationBatch;
import dev.muninn.node.http.errors.InvalidRequestException;

/**
 * Replication's HTTP endpoints. The receiving end of replication between members of a database group (where a
 * sender resumes, optionally waiting until it reaches an etag; a batch of versions applied in one transaction with
 * the sender's position) is {@link IncomingReplication}: this class only turns requests into its calls and its
 * answers into JSON, both through {@link ReplicationBatchCodec}. Beside it: this node's outgoing connections and the
 * conflicts, as the client and the studio ask for them.
 */
@Path("/databases/{db}/replication")
@Produces(MediaType.APPLICATION_JSON)
public class ReplicationResource {
    @Inject
    DatabasesLandlord landlord;

    @Inject
    IncomingReplication incoming;

    @Inject
    dev.muninn.node.replication.outgoing.ReplicationLoader replication;

    /**
     * RavenDB's replication/active-connections: this node's outgoing connections for the database, with where each
     * destination stands and when it last answered (a batch or a heartbeat).
     */
    @Access(RequiredAccess.DatabaseRead)
    @GET
    @Path("active-connections")
    public ObjectNode activeConnections(@PathParam("db") String db) {
        DatabaseInstance database = landlord.get(db);
        ObjectNode result = Json.object();
        result.putArray("IncomingConnections");
        var outgoing = result.putArray("OutgoingConnections");
        for (var connection : replication.outgoing(database.name())) {
            outgoing.addObject().put("Url", connection.destinationUrl()).put("Database", database.name())
                    .put("NodeTag", connection.destinationTag()).put("Connected", connection.connected())
                    .put("AcknowledgedEtag", connection.acknowledgedEtag())
                    .put("LastContactMillisAgo", connection.lastContactMillisAgo())
                    .put("LastError", connection.lastError())
                    .put("Transport", connection.transport());
        }
        result.put("LastEtag", database.lastEtag());
        return result;
    }

    @Access(RequiredAccess.DatabaseRead)
    @GET
    @Path("last-etag")
    public java.util.concurrent.CompletionStage<ObjectNode> lastEtag(@PathParam("db") String db,
                               @QueryParam("source") String source,
                               @QueryParam("waitForEtag") Long waitForEtag,
                               @QueryParam("waitMs") @jakarta.ws.rs.DefaultValue("0") long waitMs) {
        requireSource(source);
        DatabaseInstance database = landlord.get(db);
        if (waitForEtag != null && waitMs > 0) {
            // Long poll: answer as soon as this member has seen the source's writes up to waitForEtag. Nothing holds
            // a thread meanwhile, so any number of long polls leave the worker pool to other requests (issue 15).
            return incoming.whenSeen(database, source, waitForEtag,
                    java.time.Duration.ofMillis(Math.min(waitMs, 30_000)), LONG_POLL_CHECKS)
                    .thenApply(seen -> ReplicationBatchCodec.encode(incoming.position(database, source))
                            .put("SeenEtag", seen));
        }
        return java.util.concurrent.CompletableFuture.completedFuture(
                ReplicationBatchCodec.encode(incoming.position(database, source)));
    }

    /** Where long polls check their condition after a commit: short reads, one thread is plenty. */
    private static final java.util.concurrent.Executor LONG_POLL_CHECKS =
            java.util.concurrent.Executors.newSingleThreadExecutor(DaemonThreads.named("long-poll-checks"));

    @Access(RequiredAccess.DatabaseAdmin)
    @POST
    @Path("batch")
    public ObjectNode batch(@PathParam("db") String db, @QueryParam("source") String source,
                            @QueryParam("lastEtag") long lastEtag, byte[] body) {
        requireSource(source);
        DatabaseInstance database = landlord.get(db);
        ObjectNode request = Bodies.object(body, "The replication batch");
        ReplicationBatch batch;
        try {
            batch = ReplicationBatchCodec.decode(request);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
        try {
            return ReplicationBatchCodec.encode(incoming.receive(database, source, lastEtag, batch));
        } catch (dev.muninn.node.replication.incoming.ForeignChangeVectorException e) {
            throw new InvalidRequestException(e.getMessage());
        }
    }

    /**
     * The replication stream when {@link ReplicationStreamRoute} did not take it: says why (no source, a database
     * that is not here or was not open yet, a refused caller, answered by the filters before this) or that it is a
     * WebSocket.
     */
    @Access(RequiredAccess.DatabaseAdmin)
    @GET
    @Path("stream")
    public ObjectNode stream(@PathParam("db") String db, @QueryParam("source") String source,
                             @jakarta.ws.rs.HeaderParam("Upgrade") String upgrade) {
        requireSource(source);
        DatabaseInstance database = landlord.get(db);
        if ("websocket".equalsIgnoreCase(upgrade)) {
            // The stream route only takes open databases (it runs on the event loop); this request opened it.
            throw new dev.muninn.node.documents.DatabaseUnavailableException("Database '" + database.name()
                    + "' was not open on this node yet; it is now: connect again");
        }
        throw new InvalidRequestException("The replication stream is a WebSocket: send this request with "
                + "'Connection: Upgrade' and 'Upgrade: websocket'");
    }

    /**
     * The client's GetConflictsCommand ({@code ?docId=}): every version of a conflicted document, a deleted version
     * with a null {@code Doc}. Without {@code docId}: the conflicted documents, paged, as the studio lists them.
     */
    @Access(RequiredAccess.DatabaseRead)
    @GET
    @Path("conflicts")
    public ObjectNode conflicts(@PathParam("db") String db, @QueryParam("docId") String docId,
                                @QueryParam("start") @jakarta.ws.rs.DefaultValue("0") int start,
                                @QueryParam("pageSize") @jakarta.ws.rs.DefaultValue("1024") int pageSize) {
        DatabaseInstance database = landlord.get(db);
        ObjectNode result = Json.object();
        if (docId == null || docId.isBlank()) {
            java.util.concurrent.atomic.AtomicLong total = new java.util.concurrent.atomic.AtomicLong();
            var page = database.read(r -> r.conflictedIds(Math.max(0, start), Math.max(0, pageSize), total));
            var results = result.putArray("Results");
            for (var conflicted : page) {
                ObjectNode entry = results.addObject();
                entry.put("Id", conflicted.id());
                entry.put("LastModified", dev.muninn.node.documents.Ticks.format(conflicted.lastModifiedTicks()));
                entry.put("ConflictsPerDocument", conflicted.versions());
            }
            result.put("TotalResults", total.get());
            return result;
        }
        List<dev.muninn.node.documents.Document> versions = database.read(r -> r.conflictsOf(docId));
        result.put("Id", versions.isEmpty() ? docId : versions.get(0).id());
        var results = result.putArray("Results");
        long largestEtag = 0;
        for (var version : versions) {
            ObjectNode entry = results.addObject();
            entry.put("ChangeVector", version.changeVector());
            entry.put("LastModified", dev.muninn.node.documents.Ticks.format(version.lastModifiedTicks()));
            if (version.body().length == 0) {
                entry.putNull("Doc");
            } else {
                entry.set("Doc", version.toJson());
            }
            largestEtag = Math.max(largestEtag, version.etag());
        }
        result.put("LargestEtag", largestEtag);
        result.put("TotalResults", versions.size());
        return result;
    }

    private static void requireSource(String source) {
        if (source == null || source.isBlank()) {
            throw new InvalidRequestException("Query string parameter 'source' (the sender's database id) is required");
        }
    }
}
