package dev.muninn.node.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.muninn.node.cluster.ClusterState;
import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.documents.DatabasesLandlord;
import dev.muninn.node.replication.incoming.IncomingReplication;
import dev.muninn.node.replication.incoming.IncomingStream;
import dev.muninn.node.runtime.NodeSecurity;
import dev.muninn.node.security.Identity;
import dev.muninn.node.security.RequiredAccess;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The replication stream, {@code GET /databases/{db}/replication/stream?source=…} upgraded to a WebSocket (ADR 0031):
 * a sender's batches come in as binary messages, the receiver's position and receipts go out as text, and
 * {@link IncomingStream} applies them in order off the event loop. While more than {@link #PAUSE_ABOVE_BYTES} wait
 * to be applied, the socket is not read: the sender's window fills and TCP holds it back.
 *
 * <p>Only a well-formed upgrade from a caller allowed to administer an open database is served here; every other
 * request goes on to {@link ReplicationResource}, which answers it with the REST layer's errors and audit.
 */
@ApplicationScoped
public class ReplicationStreamRoute implements HttpServerOptionsCustomizer {
    private static final Logger LOG = Logger.getLogger(ReplicationStreamRoute.class);
    static final long PAUSE_ABOVE_BYTES = 64L << 20;
    /**
     * A batch is one message and holds whole transactions, which may be larger than one request's body (a
     * transaction of several documents at the size limit): peers get more room than clients.
     */
    private static final int MAX_MESSAGE_BYTES = 512 << 20;
    /** WebSocket close codes (RFC 6455): the sender sent something that is not a batch; the receiver failed. */
    private static final short INVALID_DATA = 1007;
    private static final short INTERNAL_ERROR = 1011;

    private final DatabasesLandlord landlord;
    private final IncomingReplication incoming;
    private final ClusterState cluster;
    private final NodeSecurity security;

    public ReplicationStreamRoute(DatabasesLandlord landlord, IncomingReplication incoming, ClusterState cluster,
                                  NodeSecurity security) {
        this.landlord = landlord;
        this.incoming = incoming;
        this.cluster = cluster;
        this.security = security;
    }

    void install(@Observes Router router) {
        router.get("/databases/:db/replication/stream").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT)
                .handler(this::open);
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        allowLargeMessages(options);
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        allowLargeMessages(options);
    }

    private static void allowLargeMessages(HttpServerOptions options) {
        options.setMaxWebSocketFrameSize(MAX_MESSAGE_BYTES).setMaxWebSocketMessageSize(MAX_MESSAGE_BYTES);
    }

    void open(RoutingContext context) {
        String db = context.pathParam("db");
        String source = context.request().getParam("source");
        boolean upgrade = "websocket".equalsIgnoreCase(context.request().getHeader("Upgrade"));
        boolean allowed = upgrade && source != null && !source.isBlank()
                && RequestAuthentication.allows(security, context, RequiredAccess.DatabaseAdmin, db);
        DatabaseInstance database = allowed ? landlord.openOrNull(db) : null;
        if (database == null) {
            context.next();
            return;
        }
        if (security.secured()) {
            Identity identity = RequestAuthentication.identityOf(context);
            Audit.adminAction(cluster.nodeTagOrUnknown(), "GET", context.request().uri(),
                    RequiredAccess.DatabaseAdmin.name(), identity.thumbprint(), identity.name());
        }
        Context eventLoop = Vertx.currentContext();
        context.request().toWebSocket()
                .onSuccess(socket -> attach(socket, eventLoop, database, source))
                .onFailure(e -> LOG.debugf("node=%s db=%s event=replication-stream-refused source=%s reason=%s",
                        cluster.nodeTagOrUnknown(), db, source, e.getMessage()));
    }

    private void attach(ServerWebSocket socket, Context eventLoop, DatabaseInstance database, String source) {
        LOG.debugf("node=%s db=%s event=replication-stream-opened source=%s from=%s", cluster.nodeTagOrUnknown(),
                database.name(), source, socket.remoteAddress());
        IncomingStream.Replies replies = new IncomingStream.Replies() {
            @Override
            public void send(String message) {
                socket.writeTextMessage(message);
            }

            @Override
            public void fail(boolean badInput, String reason) {
                socket.close(badInput ? INVALID_DATA : INTERNAL_ERROR, closeReason(reason));
            }
        };
        IncomingStream[] holder = new IncomingStream[1];
        Runnable flowControl = () -> eventLoop.runOnContext(ignored -> {
            IncomingStream stream = holder[0];
            if (stream == null) {
                return;
            }
            long queued = stream.queuedBytes();
            if (queued > PAUSE_ABOVE_BYTES) {
                socket.pause();
            } else if (queued <= PAUSE_ABOVE_BYTES / 2) {
                socket.resume();
            }
        });
        IncomingStream stream = incoming.stream(database, source, replies, flowControl);
        holder[0] = stream;
        socket.binaryMessageHandler(message -> stream.batch(message.getBytes()));
        socket.textMessageHandler(message -> {
            if (message.contains("\"Heartbeat\"")) {
                stream.heartbeat();
            } else {
                socket.close(INVALID_DATA, "Expected a heartbeat or a binary batch");
            }
        });
        socket.closeHandler(ignored -> stream.close());
        socket.exceptionHandler(e -> LOG.debugf("node=%s db=%s event=replication-stream-error source=%s reason=%s",
                cluster.nodeTagOrUnknown(), database.name(), source, e.toString()));
    }

    /** A close frame's reason is at most 123 bytes of UTF-8. */
    private static String closeReason(String reason) {
        String text = reason == null ? "" : reason;
        while (text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 123) {
            text = text.substring(0, text.length() - 1);
        }
        return text;
    }
}
