package dev.muninn.node.http;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.security.Access;
import dev.muninn.node.security.RequiredAccess;
import dev.muninn.node.config.NodeSettings;
import dev.muninn.node.documents.Json;
import dev.muninn.node.documents.Metadata;
import dev.muninn.node.documents.Ticks;
import dev.muninn.node.documents.WriteOperation;
import dev.muninn.node.documents.commands.Batch;
import dev.muninn.node.documents.commands.DeleteDocument;
import dev.muninn.node.documents.commands.DeleteResult;
import dev.muninn.node.documents.commands.PatchDocument;
import dev.muninn.node.documents.commands.PatchResult;
import dev.muninn.node.documents.commands.PutDocument;
import dev.muninn.node.documents.commands.PutResult;
import dev.muninn.node.documents.DatabasesLandlord;
import dev.muninn.node.http.errors.InvalidRequestException;
import dev.muninn.node.replication.WriteAssurance;
import dev.muninn.node.script.PatchScript;

/**
 * {@code POST /databases/{db}/bulk_docs}: a session's saveChanges. The whole body is parsed and validated before
 * anything is written, then all commands run as one atomic operation in the merger.
 */
@Path("/databases/{db}/bulk_docs")
@Produces(MediaType.APPLICATION_JSON)
@Access(RequiredAccess.DatabaseReadWrite)
public class BulkDocsResource {
    @Inject
    DatabasesLandlord landlord;

    @Inject
    NodeSettings settings;

    @Inject
    PatchScript patchScript;

    @Inject
    WriteAssurance writeAssurance;

    @Inject
    dev.muninn.node.cluster.ClusterClient clusterClient;

    @Inject
    dev.muninn.node.documents.ClusterTransactions clusterTransactions;

    /** A batch with attachments: streamed, attachments read one by one (see {@link MultipartBatch}). */
    @POST
    @Consumes({"multipart/form-data", "multipart/mixed"})
    public Response bulkDocsWithAttachments(@PathParam("db") String db, @HeaderParam("Content-Type") String contentType,
                                            @QueryParam("waitForReplicasTimeout") String waitForReplicasTimeout,
                                            @QueryParam("throwOnTimeoutInWaitForReplicas") String throwOnTimeout,
                                            @QueryParam("numberOfReplicasToWaitFor") String replicasToWaitFor,
                                            @QueryParam("disableAtomicDocumentWrites") String disableAtomicWrites,
                                            @QueryParam("raft-request-id") String requestId,
                                            byte[] body) throws InterruptedException {
        var database = landlord.get(db);
        MultipartBatch multipart = MultipartBatch.parse(new java.io.ByteArrayInputStream(body == null ? new byte[0] : body), contentType, settings.maxAttachmentSizeBytes());
        return execute(database, multipart.batch(), multipart.streams().iterator(), waitForReplicasTimeout,
                throwOnTimeout, replicasToWaitFor, disableAtomicWrites, requestId);
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response bulkDocs(@PathParam("db") String db,
                             @QueryParam("waitForReplicasTimeout") String waitForReplicasTimeout,
                             @QueryParam("throwOnTimeoutInWaitForReplicas") String throwOnTimeout,
                             @QueryParam("numberOfReplicasToWaitFor") String replicasToWaitFor,
                             @QueryParam("disableAtomicDocumentWrites") String disableAtomicWrites,
                             @QueryParam("raft-request-id") String requestId,
                             byte[] body) throws InterruptedException {
        var database = landlord.get(db);
        return execute(database, Bodies.object(body, "The batch"), java.util.Collections.emptyIterator(),
                waitForReplicasTimeout, throwOnTimeout, replicasToWaitFor, disableAtomicWrites, requestId);
    }

    private Response execute(dev.muninn.node.documents.DatabaseInstance database, ObjectNode request,
                             java.util.Iterator<byte[]> attachmentStreams, String waitForReplicasTimeout,
                             String throwOnTimeout, String replicasToWaitFor, String disableAtomicWrites,
                             String requestId) throws InterruptedException {
        // Every parameter is checked before anything is written: a 400 after the commit would make a client that
        // retries apply the batch twice.
        ReplicaWait replicaWait = ReplicaWait.parse(waitForReplicasTimeout, replicasToWaitFor, throwOnTimeout);
        booleanParameter("disableAtomicDocumentWrites", disableAtomicWrites);
        JsonNode commands = request.get("Commands");
        if (commands == null || !commands.isArray()) {
            throw new InvalidRequestException("The batch must have a Commands array");
        }
        String mode = request.path("TransactionMode").asText("SingleNode");
        if ("ClusterWide".equalsIgnoreCase(mode)) {
            ClusterWideBatch batch = new ClusterWideBatch(clusterClient, clusterTransactions,
                    settings.maxDocumentSizeBytes(), settings.clusterOperationTimeout());
            return Response.status(201).entity(batch.execute(database, commands, attachmentStreams.hasNext(),
                    disableAtomicWrites, requestId)).build();
        }
        if (!"SingleNode".equalsIgnoreCase(mode)) {
            throw new InvalidRequestException("TransactionMode must be SingleNode or ClusterWide, got '" + mode + "'");
        }
        List<WriteOperation<?>> operations = new ArrayList<>(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            operations.add(parse(commands.get(i), i, attachmentStreams));
        }
        if (attachmentStreams.hasNext()) {
            throw new InvalidRequestException("The batch has more attachment streams than AttachmentPUT commands");
        }
        List<Object> results = database.write(new Batch(operations));
        if (replicaWait != null) {
            awaitReplicas(database, results, replicaWait);
        }
        ObjectNode response = Json.object();
        ArrayNode array = response.putArray("Results");
        for (int i = 0; i < results.size(); i++) {
            ObjectNode rendered = render(results.get(i));
            if ("JsonPatch".equals(commands.get(i).path("Type").asText())) {
                rendered.put("Type", "JsonPatch"); // the clients read each result by its type
            }
            array.add(rendered);
        }
        return Response.status(201).entity(response).build();
    }

    /**
     * Write assurance: the batch is committed; now wait until enough other members confirmed its last etag. On
     * timeout the client gets RavenTimeoutException (500, never a failover status: the write stays committed).
     */
    private void awaitReplicas(dev.muninn.node.documents.DatabaseInstance database, List<Object> results,
                               ReplicaWait wait) throws InterruptedException {
        java.time.Duration timeout = wait.timeout();
        long etag = 0;
        for (Object result : results) {
            String cv = result instanceof PutResult put ? put.changeVector()
                    : result instanceof DeleteResult delete ? delete.changeVector()
                    : result instanceof PatchResult patch ? patch.changeVector()
                    : result instanceof dev.muninn.node.documents.attachments.AttachmentResult attachment
                    ? attachment.documentChangeVector() : null;
            if (cv != null) {
                etag = Math.max(etag, dev.muninn.node.documents.ChangeVector.parse(cv).etagOf(database.databaseId()));
            }
            if (result instanceof dev.muninn.node.documents.counters.CountersCommand.Result counters
                    && counters.countersChangeVector() != null) {
                // an increment leaves the document's version as it was: its counters' version is the write
                etag = Math.max(etag, dev.muninn.node.documents.ChangeVector.parse(counters.countersChangeVector())
                        .etagOf(database.databaseId()));
            }
        }
        if (etag == 0) {
            return;
        }
        WriteAssurance.Outcome outcome = writeAssurance.await(database.name(), etag, wait.replicas(), timeout);
        if (!outcome.satisfied() && wait.throwOnTimeout()) {
            throw new ReplicationTimeoutException("Could not verify that etag " + etag + " was replicated to "
                    + outcome.required() + " servers in " + timeout + ". So far, it only replicated to "
                    + outcome.replicated());
        }
    }

    /** Write assurance as the client asked for it: how long, how many other members (-1: a majority), and whether
     * a timeout is an error. */
    record ReplicaWait(java.time.Duration timeout, int replicas, boolean throwOnTimeout) {
        /** A request waits on a thread: a day is far past any client's own timeout, and no clock arithmetic overflows. */
        static final java.time.Duration MAX_REPLICA_WAIT = java.time.Duration.ofDays(1);

        /** Null when the client did not ask to wait; a 400 naming the parameter when one is invalid. */
        static ReplicaWait parse(String timeout, String replicas, String throwOnTimeout) {
            boolean throwing = booleanParameter("throwOnTimeoutInWaitForReplicas", throwOnTimeout) != Boolean.FALSE;
            int wanted = "majority".equalsIgnoreCase(replicas) ? -1 : parseReplicas(replicas);
            if (timeout == null) {
                return null;
            }
            java.time.Duration duration = timeSpan(timeout);
            if (duration.isNegative() || duration.compareTo(MAX_REPLICA_WAIT) > 0) {
                throw new InvalidRequestException("waitForReplicasTimeout must be between 0 and " + MAX_REPLICA_WAIT
                        + ", got '" + timeout + "'");
            }
            return new ReplicaWait(duration, wanted, throwing);
        }
    }

    private static int parseReplicas(String replicas) {
        try {
            int wanted = replicas == null ? 0 : Integer.parseInt(replicas.trim());
            if (wanted < 0) {
                throw new NumberFormatException();
            }
            return wanted;
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("numberOfReplicasToWaitFor must be a non-negative number or 'majority', "
                    + "got '" + replicas + "'");
        }
    }

    /** A true/false query parameter; null when absent. */
    static Boolean booleanParameter(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if ("true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value)) {
            return Boolean.valueOf(value);
        }
        throw new InvalidRequestException(name + " must be true or false, got '" + value + "'");
    }

    private WriteOperation<?> parse(JsonNode command, int index, java.util.Iterator<byte[]> attachmentStreams) {
        if (!command.isObject()) {
            throw new InvalidRequestException("Command #" + index + " must be a JSON object");
        }
        String type = Bodies.text(command, "Type");
        String id = Bodies.text(command, "Id");
        String changeVector = Bodies.text(command, "ChangeVector");
        if (type == null) {
            throw new InvalidRequestException("Command #" + index + " has no Type");
        }
        return switch (type) {
            case "PUT" -> {
                JsonNode document = command.get("Document");
                if (!(document instanceof ObjectNode doc)) {
                    throw new InvalidRequestException("PUT command #" + index + " (" + id + ") needs a Document object");
                }
                yield new PutDocument(id, doc, changeVector, settings.maxDocumentSizeBytes());
            }
            case "DELETE" -> {
                requireId(id, type, index);
                yield new DeleteDocument(id, changeVector);
            }
            case "PATCH" -> {
                requireId(id, type, index);
                JsonNode createIfMissing = command.get("CreateIfMissing");
                yield new PatchDocument(id, changeVector, PatchRequests.parse(command.get("Patch"),
                        "PATCH command #" + index, true), PatchRequests.parse(command.get("PatchIfMissing"),
                        "PATCH command #" + index + " (PatchIfMissing)", false),
                        createIfMissing instanceof ObjectNode o ? o : null,
                        command.path("ReturnDocument").asBoolean(false), patchScript, settings.maxDocumentSizeBytes());
            }
            case "JsonPatch" -> {
                requireId(id, type, index);
                yield new PatchDocument(id, changeVector, JsonPatches.toPatch(command.get("JsonPatch"),
                        "JsonPatch command #" + index), null, null, command.path("ReturnDocument").asBoolean(false),
                        patchScript, settings.maxDocumentSizeBytes());
            }
            case "AttachmentPUT" -> {
                requireId(id, type, index);
                String name = requireName(command, type, index);
                if (!attachmentStreams.hasNext()) {
                    throw new InvalidRequestException("AttachmentPUT command #" + index + " (" + id + "/" + name
                            + ") has no stream: the batch must be multipart with one part per attachment");
                }
                String contentType = Bodies.text(command, "ContentType");
                AttachmentsResource.requireMediaType(contentType);
                yield new dev.muninn.node.documents.attachments.PutAttachment(id, name, contentType, null,
                        attachmentStreams.next());
            }
            case "AttachmentDELETE" -> {
                requireId(id, type, index);
                yield new dev.muninn.node.documents.attachments.DeleteAttachment(id, requireName(command, type, index),
                        null);
            }
            case "Counters" -> {
                requireId(id, type, index);
                yield new dev.muninn.node.documents.counters.CountersCommand(CountersJson.documentCounters(
                        command.get("Counters"), "Counters command #" + index + " (" + id + ")"));
            }
            default -> throw new InvalidRequestException("Command type '" + type + "' (command #" + index
                    + ") is not supported; supported: PUT, DELETE, PATCH, JsonPatch, AttachmentPUT, AttachmentDELETE, "
                    + "Counters");
        };
    }

    private static String requireName(JsonNode command, String type, int index) {
        String name = Bodies.text(command, "Name");
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException(type + " command #" + index + " needs a Name");
        }
        return name;
    }

    private static void requireId(String id, String type, int index) {
        if (id == null || id.isEmpty()) {
            throw new InvalidRequestException(type + " command #" + index + " needs an Id");
        }
    }

    private static ObjectNode render(Object result) {
        ObjectNode json = Json.object();
        if (result instanceof PutResult put) {
            json.put("Type", "PUT");
            json.put(Metadata.ID, put.id());
            json.put(Metadata.COLLECTION, put.collection());
            json.put(Metadata.CHANGE_VECTOR, put.changeVector());
            json.put(Metadata.LAST_MODIFIED, Ticks.format(put.lastModifiedTicks()));
        } else if (result instanceof DeleteResult delete) {
            json.put("Type", "DELETE");
            json.put("Id", delete.id());
            json.put("Deleted", delete.deleted());
            json.put("ChangeVector", delete.changeVector());
        } else if (result instanceof PatchResult patch) {
            json.put("Type", "PATCH");
            json.put("Id", patch.id());
            json.put("ChangeVector", patch.changeVector());
            if (patch.lastModifiedTicks() > 0) {
                json.put("LastModified", Ticks.format(patch.lastModifiedTicks()));
            }
            json.put("PatchStatus", patch.status().name());
            json.putNull("Debug");
            if (patch.modifiedDocument() != null) {
                json.set("ModifiedDocument", patch.modifiedDocument());
            }
        } else if (result instanceof dev.muninn.node.documents.attachments.AttachmentResult attachment) {
            var info = attachment.attachment();
            json.put("Type", attachment.deleted() ? "AttachmentDELETE" : "AttachmentPUT");
            json.put("Id", attachment.documentId());
            json.put(Metadata.ID, attachment.documentId()); // the client reads "@id" for deletes, "Id" for puts
            json.put("Name", attachment.name());
            json.put("DocumentChangeVector", attachment.documentChangeVector());
            if (!attachment.deleted()) {
                json.put("ChangeVector", attachment.documentChangeVector());
                json.put("Hash", info.hash());
                json.put("ContentType", info.contentType());
                json.put("Size", info.size());
            }
        } else if (result instanceof dev.muninn.node.documents.counters.CountersCommand.Result counters) {
            // no null details: the Node.js and Python clients read every entry
            json.put("Type", "Counters");
            json.put("Id", counters.documentId());
            json.set("CountersDetail", CountersJson.detail(counters.details(), false, false));
            json.put("DocumentChangeVector", counters.documentChangeVector());
        } else {
            throw new IllegalStateException("Unexpected batch result " + result);
        }
        return json;
    }

    private static java.time.Duration timeSpan(String text) {
        try {
            return dev.muninn.node.documents.TimeSpans.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("waitForReplicasTimeout: " + e.getMessage());
        }
    }
}
