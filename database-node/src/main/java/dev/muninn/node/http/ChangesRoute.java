package dev.muninn.node.http;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.cluster.ClusterState;
import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.documents.DatabasesLandlord;
import dev.muninn.node.documents.DocumentChangesFeed;
import dev.muninn.node.documents.Json;
import dev.muninn.node.runtime.NodeSecurity;
import dev.muninn.node.security.RequiredAccess;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The changes API, {@code /databases/{db}/changes} over WebSocket, as the RavenDB clients speak it: the client sends
 * {@code {"CommandId":n,"Command":"watch-doc","Param":"users/1"}}, the node confirms each with {@code [{"Type":
 * "Confirm","CommandId":n}]} and from then on sends {@code [{"Type":"DocumentChange","Value":{...}}]} for what the
 * connection watches (one document, all, an id prefix, a collection), and {@code CounterChange}s for counters (all,
 * by name, of a document, one of a document) and {@code OperationStatusChange}s for the database's operations (all, or
 * one by id: progress and how it ended). Watches of what Muninn does not have (indexes, time series) are
 * confirmed and never fire. A connection that cannot keep up (its write queue full) is
 * closed; the client reconnects and watches again.
 */
@ApplicationScoped
public class ChangesRoute {
    private static final Logger LOG = Logger.getLogger(ChangesRoute.class);
    private static final short POLICY_VIOLATION = 1008;
    private static final int MAX_UNSENT_BYTES = 16 << 20;
    /** Kept well under the clients' largest WebSocket message (64 KB for the Java client's Jetty). */
    private static final int CHANGES_PER_MESSAGE = 64;

    private final io.vertx.core.Vertx vertx;
    private final DatabasesLandlord landlord;
    private final NodeSecurity security;
    private final ClusterState cluster;
    private final Map<String, DocumentChangesFeed> feeds = new ConcurrentHashMap<>();
    private final dev.muninn.node.tasks.Operations operations;

    public ChangesRoute(io.vertx.core.Vertx vertx, DatabasesLandlord landlord, NodeSecurity security,
                        ClusterState cluster, dev.muninn.node.tasks.Operations operations) {
        this.operations = operations;
        this.vertx = vertx;
        this.landlord = landlord;
        this.security = security;
        this.cluster = cluster;
    }

    void install(@Observes Router router) {
        router.get("/databases/:db/changes").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::open);
    }

    void open(RoutingContext context) {
        String db = context.pathParam("db");
        if (!"websocket".equalsIgnoreCase(context.request().getHeader("Upgrade"))) {
            context.next(); // not a WebSocket: the REST layer answers
            return;
        }
        if (!RequestAuthentication.allows(security, context, RequiredAccess.DatabaseRead, db)) {
            RequestAdmission.refuse(context, 403, "Raven.Client.Exceptions.Security.AuthorizationException",
                    "This certificate may not read database '" + db + "'", true);
            return;
        }
        DatabaseOpening.then(vertx, landlord, context, db, database -> upgrade(context, database));
    }

    private void upgrade(RoutingContext context, DatabaseInstance database) {
        context.request().toWebSocket().onSuccess(socket -> attach(socket, database))
                .onFailure(e -> LOG.debugf("node=%s db=%s event=changes-upgrade-failed reason=%s",
                        cluster.nodeTagOrUnknown(), database.name(), e.toString()));
    }

    /**
     * Subscribes to the database's feed, made for the first connection; the last connection to leave closes it (a
     * deleted database's feed goes with its last watcher). Both under the map's lock for the database, so a
     * connection never subscribes to a feed being closed.
     */
    private DocumentChangesFeed subscribe(DatabaseInstance database,
                                          java.util.function.Consumer<List<DocumentChangesFeed.Change>> subscriber) {
        return feeds.compute(key(database), (key, feed) -> {
            if (feed == null || feed.database() != database) {
                if (feed != null) {
                    feed.close(); // the database was closed and opened again
                }
                feed = new DocumentChangesFeed(database);
            }
            feed.subscribe(subscriber);
            return feed;
        });
    }

    private void unsubscribe(DocumentChangesFeed feed,
                             java.util.function.Consumer<List<DocumentChangesFeed.Change>> subscriber) {
        feeds.computeIfPresent(key(feed.database()), (key, current) -> {
            feed.unsubscribe(subscriber);
            if (current == feed && feed.idle()) {
                feed.close();
                return null;
            }
            return current;
        });
    }

    private static String key(DatabaseInstance database) {
        return database.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static void send(ServerWebSocket socket, ArrayNode messages) {
        if (socket.writeQueueFull()) {
            socket.close(POLICY_VIOLATION, "The client does not read its changes fast enough");
            return;
        }
        socket.writeTextMessage(messages.toString());
    }

    private void attach(ServerWebSocket socket, DatabaseInstance database) {
        ChangesWatch watch = new ChangesWatch();
        // A burst (a bulk insert) is many messages at once: a client is cut off only when this much is unread.
        socket.setWriteQueueMaxSize(MAX_UNSENT_BYTES);
        java.util.function.Consumer<List<DocumentChangesFeed.Change>> subscriber = changes -> {
            ArrayNode messages = Json.MAPPER.createArrayNode();
            for (DocumentChangesFeed.Change change : changes) {
                if (!watch.wants(change)) {
                    continue;
                }
                ObjectNode message = messages.addObject();
                if (change.isCounter()) {
                    // every field: the Python client reads each by key
                    message.put("Type", "CounterChange");
                    ObjectNode value = message.putObject("Value");
                    value.put("Name", change.counterName());
                    value.put("Value", change.counterValue());
                    value.put("DocumentId", change.id());
                    value.put("CollectionName", change.collection());
                    value.put("ChangeVector", change.changeVector());
                    value.put("Type", change.type());
                } else {
                    message.put("Type", "DocumentChange");
                    ObjectNode value = message.putObject("Value");
                    value.put("Type", change.type());
                    value.put("Id", change.id());
                    value.put("CollectionName", change.collection());
                    value.put("ChangeVector", change.changeVector());
                }
                if (messages.size() == CHANGES_PER_MESSAGE) {
                    send(socket, messages);
                    messages = Json.MAPPER.createArrayNode();
                }
            }
            if (!messages.isEmpty()) {
                send(socket, messages);
            }
        };
        DocumentChangesFeed feed = subscribe(database, subscriber);
        String databaseKey = key(database);
        dev.muninn.node.tasks.Operations.StateListener operationWatcher = (db, id, state) -> {
            if (db.equals(databaseKey) && watch.wantsOperation(id)) {
                ArrayNode messages = Json.MAPPER.createArrayNode();
                ObjectNode value = messages.addObject().put("Type", "OperationStatusChange").putObject("Value");
                value.put("OperationId", id);
                value.set("State", state);
                send(socket, messages);
            }
        };
        operations.listen(operationWatcher);
        socket.closeHandler(ignored -> {
            unsubscribe(feed, subscriber);
            operations.stopListening(operationWatcher);
        });
        socket.exceptionHandler(e -> LOG.debugf("node=%s db=%s event=changes-connection-error reason=%s",
                cluster.nodeTagOrUnknown(), feed.database().name(), e.toString()));
        // What the clients read first: the features this server's changes support.
        socket.writeTextMessage("[{\"TopologyChange\":true,\"AggressiveCachingChange\":false}]");
        socket.textMessageHandler(text -> {
            ArrayNode reply = Json.MAPPER.createArrayNode();
            try {
                JsonNode command = Json.MAPPER.readTree(text);
                List<String> params = new java.util.ArrayList<>();
                command.path("Params").forEach(p -> params.add(p.asText()));
                String error = watch.apply(command.path("Command").asText(""), command.path("Param").asText(null),
                        params);
                if (error != null) {
                    reply.addObject().put("Type", "Error").put("Exception", error);
                }
                reply.addObject().put("Type", "Confirm").put("CommandId", command.path("CommandId").asInt());
            } catch (java.io.IOException notJson) {
                reply.addObject().put("Type", "Error").put("Exception", "A changes command must be JSON: "
                        + notJson.getMessage());
            }
            socket.writeTextMessage(reply.toString());
        });
    }
}
