package dev.muninn.node.http;

import java.net.InetAddress;
import java.net.UnknownHostException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.muninn.node.config.NodeSettings;
import dev.muninn.node.http.errors.RavenError;
import dev.muninn.node.security.UnsecuredAccess;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Before any route (documents, admin, health, metrics): a client whose address is outside
 * {@code Security.UnsecuredAccessAllowed} gets RavenDB's 403 with what is allowed and how to change it. The
 * connection's own address counts, never a forwarded header a client could write.
 */
@ApplicationScoped
public class UnsecuredAccessFilter {
    private static final Logger LOG = Logger.getLogger(UnsecuredAccessFilter.class);
    static final String AUTHORIZATION_EXCEPTION = "Raven.Client.Exceptions.Security.AuthorizationException";

    private final UnsecuredAccess access;
    private final boolean secured;
    private final MultiGetTickets tickets;

    public UnsecuredAccessFilter(NodeSettings settings, MultiGetTickets tickets) {
        this.access = settings.unsecuredAccess();
        this.secured = settings.secured();
        this.tickets = tickets;
    }

    void install(@Observes Router router) {
        if (secured) {
            return; // clients prove who they are with certificates (RequestAuthentication)
        }
        router.route().order(Integer.MIN_VALUE).handler(this::check);
    }

    void check(RoutingContext context) {
        SocketAddress remote = context.request().remoteAddress();
        InetAddress client = addressOf(remote);
        // An inner request of a multi_get comes from this node's own address: the outer request's client passed.
        if (client == null || access.allows(client)
                || tickets.identity(context.request().getHeader(MultiGetTickets.HEADER)).isPresent()) {
            context.next();
            return;
        }
        LOG.debugf("event=unsecured-access-refused client=%s", client.getHostAddress());
        String message = "Access to this node was refused: it has no certificate, and " + UnsecuredAccess.SETTING
                + " (" + access.describe() + ") does not allow clients at " + client.getHostAddress() + " ("
                + UnsecuredAccess.rangeOf(client).settingName() + "). Connect from an allowed address, or set "
                + UnsecuredAccess.SETTING + " on the node to " + UnsecuredAccess.rangeOf(client).settingName() + ".";
        String body = new RavenError(403, AUTHORIZATION_EXCEPTION, message).toJson(context.request().uri()).toString();
        context.response().setStatusCode(403).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
    }

    private static InetAddress addressOf(SocketAddress remote) {
        if (remote == null || remote.hostAddress() == null) {
            return null; // a domain socket: local by construction
        }
        try {
            return InetAddress.getByName(remote.hostAddress());
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
