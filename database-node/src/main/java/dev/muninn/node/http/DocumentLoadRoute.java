package dev.muninn.node.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.muninn.node.cluster.ClusterState;
import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.documents.DatabasesLandlord;
import dev.muninn.node.documents.Document;
import dev.muninn.node.runtime.NodeSecurity;
import dev.muninn.node.security.RequiredAccess;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The hot read, {@code GET /databases/{db}/docs?id=…} (a session's {@code load}), served on the event loop without
 * the REST layer: the stored bytes are copied into the response buffer. Measured in bench/README.md, the REST
 * layer's per-request machinery and the hand-off to a worker thread cost more than the read itself.
 *
 * <p>Only the plain case is served here: ids (and {@code metadataOnly}) and nothing else, an open database, a
 * caller the node lets read it. Anything else (includes, paging, a cluster-transaction index to wait for, an
 * unknown or unhosted database, a refused caller, a conflict) goes on to {@link DocumentsResource}, so errors,
 * audits and every other answer stay the REST layer's, one implementation each.
 */
@ApplicationScoped
public class DocumentLoadRoute {
    private static final Logger LOG = Logger.getLogger(DocumentLoadRoute.class);
    private static final Set<String> SERVED_PARAMETERS = Set.of("id", "metadataOnly");

    private final DatabasesLandlord landlord;
    private final ClusterState cluster;
    private final NodeSecurity security;

    public DocumentLoadRoute(DatabasesLandlord landlord, ClusterState cluster, NodeSecurity security) {
        this.landlord = landlord;
        this.cluster = cluster;
        this.security = security;
    }

    void install(@Observes Router router) {
        router.get("/databases/:db/docs").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::load);
    }

    void load(RoutingContext context) {
        String db = context.pathParam("db");
        List<String> ids = servedIds(context);
        // On a secured node only a caller granted the database reads here; a refusal is the REST layer's to answer.
        boolean allowed = ids != null
                && RequestAuthentication.allows(security, context, RequiredAccess.DatabaseRead, db);
        DatabaseInstance database = allowed ? landlord.openOrNull(db) : null;
        if (database == null) {
            context.next();
            return;
        }
        boolean metadataOnly = "true".equalsIgnoreCase(context.request().getParam("metadataOnly"));
        List<Optional<Document>> docs;
        Buffer body;
        try {
            docs = database.read(reader -> {
                List<Optional<Document>> found = new ArrayList<>(ids.size());
                ids.forEach(id -> found.add(reader.get(id)));
                return found;
            });
            body = docs.size() == 1 && docs.get(0).isEmpty() ? null : body(docs, metadataOnly);
        } catch (RuntimeException | IOException e) {
            // a conflict, an instance closing, a stored body that is not an object: the REST layer answers
            LOG.debugf("node=%s db=%s event=load-handed-to-rest reason=%s", cluster.nodeTagOrUnknown(), db, e);
            context.next();
            return;
        }
        HttpServerResponse response = context.response();
        ServerHeadersFilter.apply(cluster, context.normalizedPath(),
                context.request().getHeader(ServerHeadersFilter.TOPOLOGY_ETAG), response::putHeader);
        if (body == null) {
            response.setStatusCode(404).end();
            return;
        }
        response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
    }

    /** The ids when the request asks for nothing but ids (and metadataOnly); null when the REST layer must answer. */
    private static List<String> servedIds(RoutingContext context) {
        if (context.request().getHeader("Known-Raft-Index") != null
                || !SERVED_PARAMETERS.containsAll(context.queryParams().names())) {
            return null;
        }
        List<String> ids = new ArrayList<>();
        for (String id : context.queryParam("id")) {
            if (id != null && !id.isEmpty()) {
                ids.add(id);
            }
        }
        return ids.isEmpty() ? null : ids;
    }


    private static Buffer body(List<Optional<Document>> docs, boolean metadataOnly) throws IOException {
        ByteBuf bytes = Unpooled.buffer(256 * docs.size());
        LoadResults.write(new ByteBufOutputStream(bytes), docs, metadataOnly);
        return Buffer.buffer(bytes);
    }
}
