package dev.muninn.node.http;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.cluster.ClusterState;
import dev.muninn.node.config.NodeSettings;
import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.documents.DatabasesLandlord;
import dev.muninn.node.documents.Json;
import dev.muninn.node.documents.WriteOperation;
import dev.muninn.node.documents.attachments.PutAttachment;
import dev.muninn.node.documents.commands.Batch;
import dev.muninn.node.documents.commands.PutDocument;
import dev.muninn.node.documents.commands.PutUnlessUnchanged;
import dev.muninn.node.runtime.NodeSecurity;
import dev.muninn.node.security.RequiredAccess;
import dev.muninn.node.tasks.Operations;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /databases/{db}/bulk_insert?id=N}: the client's BulkInsertOperation streams one long body of commands
 * ({@link BulkInsertStream}); they are written in transactions of at least {@value #BATCH_DOCUMENTS} documents or
 * {@value #BATCH_BYTES} bytes (cut where a network chunk ends), each committed (durable) before more of the body is
 * read: the request is paused while a batch is written, so a client faster than the disk is slowed by TCP rather than
 * filling the heap. The body is not read whole first (RequestAdmission lets this route read it) and may run for hours;
 * a connection silent for {@code Limits.RequestBodyTimeoutInSec} is cut (the client sends a heartbeat every 40 s when
 * it has nothing else).
 * The operation {@code N} (from next-operation-id) is InProgress meanwhile, Completed or Faulted after, and killing
 * it stops the stream after the current batch.
 */
@ApplicationScoped
public class BulkInsertRoute {
    private static final Logger LOG = Logger.getLogger(BulkInsertRoute.class);
    static final int BATCH_DOCUMENTS = 1024;
    static final int BATCH_BYTES = 16 << 20;
    static final String PATH = "/databases/:db/bulk_insert";

    private final Vertx vertx;
    private final DatabasesLandlord landlord;
    private final NodeSecurity security;
    private final Operations operations;
    private final NodeSettings settings;
    private final ClusterState cluster;
    private final long idleTimeoutMs;

    public BulkInsertRoute(Vertx vertx, DatabasesLandlord landlord, NodeSecurity security, Operations operations,
                           NodeSettings settings, ClusterState cluster,
                           @ConfigProperty(name = "Limits.RequestBodyTimeoutInSec", defaultValue = "60")
                           int idleTimeoutSeconds) {
        this.vertx = vertx;
        this.landlord = landlord;
        this.security = security;
        this.operations = operations;
        this.settings = settings;
        this.cluster = cluster;
        this.idleTimeoutMs = idleTimeoutSeconds * 1000L;
    }

    /** Whether {@code path} is this route's: RequestAdmission leaves its body to it. */
    static boolean isBulkInsert(String path) {
        return path != null && path.startsWith("/databases/") && path.endsWith("/bulk_insert")
                && path.indexOf('/', "/databases/".length()) == path.length() - "/bulk_insert".length();
    }

    void install(@Observes Router router) {
        router.post(PATH).order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::start);
    }

    void start(RoutingContext context) {
        String db = context.pathParam("db");
        if (!RequestAuthentication.allows(security, context, RequiredAccess.DatabaseReadWrite, db)) {
            RequestAdmission.refuse(context, 403, "Raven.Client.Exceptions.Security.AuthorizationException",
                    "This certificate may not write to database '" + db + "'", true);
            return;
        }
        long operationId;
        try {
            operationId = Long.parseLong(String.valueOf(context.request().getParam("id")));
        } catch (NumberFormatException e) {
            RequestAdmission.refuse(context, 400, "Raven.Client.Exceptions.BadRequestException", "Query string "
                    + "parameter 'id' must be the operation id from next-operation-id, got '"
                    + context.request().getParam("id") + "'", true);
            return;
        }
        DatabaseOpening.then(vertx, landlord, context, db, database -> new Stream(context, database, operationId)
                .begin());
    }

    /** One bulk insert: the body read on the event loop, batches written on a worker, one at a time. */
    private final class Stream {
        private final RoutingContext context;
        private final HttpServerRequest request;
        private final DatabaseInstance database;
        private final Operations.Tracked operation;
        private final BulkInsertStream commands;
        private final boolean skipUnchanged;
        private final List<WriteOperation<?>> batch = new ArrayList<>();
        private BodyDecoding decoding;
        private long batchBytes;
        private long documents;
        private long attachments;
        private long counters;
        private boolean writing;
        private boolean ended;
        private boolean failed;
        private boolean answered;
        private long lastBytesAt = System.nanoTime();
        private long idleTimer;

        Stream(RoutingContext context, DatabaseInstance database, long operationId) {
            this.context = context;
            this.request = context.request();
            this.database = database;
            this.operation = operations.track(operationId, database.name(), "bulk insert");
            this.skipUnchanged = "true".equalsIgnoreCase(context.request().getParam("skipOverwriteIfUnchanged"));
            this.commands = new BulkInsertStream(this::add, settings.maxDocumentSizeBytes() + (1 << 20),
                    settings.maxAttachmentSizeBytes());
        }

        void begin() {
            decoding = BodyDecoding.of(request.getHeader(HttpHeaders.CONTENT_ENCODING)).orElse(null);
            if (decoding == null) {
                fail(415, "Raven.Client.Exceptions.BadRequestException", "The bulk insert's Content-Encoding '"
                        + request.getHeader(HttpHeaders.CONTENT_ENCODING) + "' is not one the node reads: send "
                        + BodyDecoding.supported());
                return;
            }
            idleTimer = vertx.setPeriodic(Math.max(1000, idleTimeoutMs / 4), id -> {
                if ((System.nanoTime() - lastBytesAt) / 1_000_000 > idleTimeoutMs && !writing) {
                    fail(408, "Raven.Client.Exceptions.BadRequestException", "The bulk insert sent nothing for "
                            + idleTimeoutMs / 1000 + " s (Limits.RequestBodyTimeoutInSec)");
                }
            });
            request.handler(chunk -> {
                if (failed || answered) {
                    return; // after the answer, what else the client sends is not read
                }
                lastBytesAt = System.nanoTime();
                try {
                    commands.feed(decoding.decode(chunk).getBytes());
                } catch (RuntimeException | BodyDecoding.UndecodableBodyException e) {
                    fail(400, "Raven.Client.Exceptions.BadRequestException", e.getMessage());
                    return;
                }
                if (commands.complete() && !ended) {
                    // Some clients (Node.js) end the body only after the answer: the closing ']' is the end.
                    ended = true;
                    if (!writing) {
                        flush();
                    }
                } else if (full()) {
                    flush();
                }
            });
            request.exceptionHandler(e -> abandon());
            request.endHandler(end -> {
                if (failed || ended) {
                    return;
                }
                try {
                    commands.feed(decoding.finish().getBytes());
                    commands.finish();
                } catch (RuntimeException | BodyDecoding.UndecodableBodyException e) {
                    fail(400, "Raven.Client.Exceptions.BadRequestException", e.getMessage());
                    return;
                }
                ended = true;
                if (!writing) {
                    flush();
                }
            });
            request.resume();
        }

        /** One command from the stream, turned into its write (checked now: a bad one fails the stream at once). */
        private void add(ObjectNode command, byte[] content) {
            String type = command.path("Type").asText("");
            String id = command.path("Id").asText(null);
            switch (type) {
                case "HeartBeat" -> {
                    return;
                }
                case "PUT" -> {
                    JsonNode document = command.get("Document");
                    if (id == null || id.isEmpty() || !(document instanceof ObjectNode body)) {
                        throw new BulkInsertStream.BulkInsertProtocolException("A bulk insert PUT needs an Id and a "
                                + "Document object: " + abbreviate(command));
                    }
                    PutDocument put = new PutDocument(id, body, null, settings.maxDocumentSizeBytes());
                    batch.add(skipUnchanged ? new PutUnlessUnchanged(put) : put);
                    batchBytes += id.length() + 256; // the tree's size is not known without writing it
                    documents++;
                }
                case "AttachmentPUT" -> {
                    String name = command.path("Name").asText(null);
                    if (id == null || name == null) {
                        throw new BulkInsertStream.BulkInsertProtocolException("A bulk insert AttachmentPUT needs an "
                                + "Id and a Name: " + abbreviate(command));
                    }
                    String contentType = command.path("ContentType").asText(null);
                    AttachmentsResource.requireMediaType(contentType);
                    batch.add(new PutAttachment(id, name, contentType, null, content));
                    batchBytes += content.length;
                    attachments++;
                }
                case "Counters" -> {
                    dev.muninn.node.documents.counters.DocumentCounters operations;
                    try {
                        operations = CountersJson.documentCounters(command.get("Counters"), "A bulk insert Counters "
                                + "command");
                    } catch (dev.muninn.node.http.errors.InvalidRequestException e) {
                        throw new BulkInsertStream.BulkInsertProtocolException(e.getMessage());
                    }
                    batch.add(new dev.muninn.node.documents.counters.CounterBatch(List.of(operations)));
                    batchBytes += 64L * operations.operations().size();
                    counters += operations.operations().size();
                }
                case "TimeSeriesBulkInsert" -> throw new BulkInsertStream.BulkInsertProtocolException(
                        "'" + type + "' in a bulk insert is a RavenDB feature Muninn does not support yet");
                default -> throw new BulkInsertStream.BulkInsertProtocolException("Unknown bulk insert command "
                        + "Type '" + type + "'; supported: PUT, AttachmentPUT, Counters, HeartBeat");
            }
        }

        private boolean full() {
            return batch.size() >= BATCH_DOCUMENTS || batchBytes >= BATCH_BYTES;
        }

        /** Writes the batch on a worker with the body paused; the body goes on (or the answer is sent) once done. */
        private void flush() {
            if (operation.canceled()) {
                fail(400, "Raven.Client.Exceptions.Documents.BulkInsert.BulkInsertAbortedException",
                        "The bulk insert was killed");
                return;
            }
            if (batch.isEmpty()) {
                if (ended) {
                    succeed();
                }
                return;
            }
            List<WriteOperation<?>> writes = new ArrayList<>(batch);
            batch.clear();
            batchBytes = 0;
            writing = true;
            request.pause();
            vertx.executeBlocking(() -> database.write(new Batch(writes)), false).onComplete(done -> {
                writing = false;
                if (failed) {
                    return;
                }
                if (done.failed()) {
                    fail(400, "Raven.Client.Exceptions.Documents.BulkInsert.BulkInsertAbortedException",
                            "The bulk insert failed: " + done.cause().getMessage());
                    return;
                }
                lastBytesAt = System.nanoTime();
                if (ended || full()) {
                    flush();
                } else {
                    request.resume();
                }
            });
        }

        private void succeed() {
            answered = true;
            vertx.cancelTimer(idleTimer);
            ObjectNode result = Json.object();
            result.put("Total", documents + attachments + counters);
            result.put("DocumentsProcessed", documents);
            result.put("AttachmentsProcessed", attachments);
            result.put("CountersProcessed", counters);
            result.put("TimeSeriesProcessed", 0);
            operation.completed(result);
            LOG.infof("node=%s db=%s event=bulk-insert-completed operation=%d documents=%d attachments=%d",
                    cluster.nodeTagOrUnknown(), database.name(), operation.id(), documents, attachments);
            // No content: the client reads nothing from this answer (its command has no response parser) and
            // follows the operation for the counts.
            context.response().setStatusCode(204).end();
        }

        private void fail(int status, String type, String message) {
            if (failed) {
                return;
            }
            failed = true;
            vertx.cancelTimer(idleTimer);
            if (decoding != null) {
                decoding.close();
            }
            if (message.equals("The bulk insert was killed")) {
                operation.canceledNow();
            } else {
                operation.faulted(new IllegalStateException(message));
            }
            if (!context.response().ended() && !context.response().closed()) {
                RequestAdmission.refuse(context, status, type, message, true);
            }
        }

        /** The client went away: what was committed stays, the operation says the rest did not arrive. */
        private void abandon() {
            if (!failed) {
                failed = true;
                vertx.cancelTimer(idleTimer);
                operation.faulted(new IllegalStateException("The bulk insert's connection closed before its end"));
            }
        }
    }

    private static String abbreviate(JsonNode command) {
        String text = command.toString();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
