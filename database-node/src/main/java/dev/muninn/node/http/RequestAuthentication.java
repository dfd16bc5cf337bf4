package dev.muninn.node.http;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLPeerUnverifiedException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.muninn.node.cluster.CertificateRegistry;
import dev.muninn.node.cluster.ClusterClient;
import dev.muninn.node.cluster.ClusterState;
import dev.muninn.node.concurrent.DaemonThreads;
import dev.muninn.node.config.NodeSettings;
import dev.muninn.node.runtime.NodeSecurity;
import dev.muninn.node.security.AccessDecision;
import dev.muninn.node.security.Authenticator;
import dev.muninn.node.security.CertificateDefinition;
import dev.muninn.node.security.Identity;
import dev.muninn.node.security.RequiredAccess;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * On a secured node, before any route: who the client is, from the certificate it presented in the TLS handshake
 * ({@link Authenticator}). A refused certificate (unknown, expired) gets RavenDB's 403 at once; otherwise the
 * identity travels with the request for {@link AccessFilter}, which checks it against the route. The routes outside
 * JAX-RS are decided here: health checks need nothing (probes carry no certificate), metrics an operator.
 */
@ApplicationScoped
public class RequestAuthentication {
    static final String IDENTITY = Identity.class.getName();
    private static final Logger LOG = Logger.getLogger(RequestAuthentication.class);

    private final NodeSecurity security;
    private final Authenticator authenticator;
    private final ClusterState cluster;
    private final ClusterClient clusterClient;
    private final MultiGetTickets tickets;
    private final Clock clock = Clock.systemUTC();
    /** Renewed certificates being registered: once each, however many requests they make meanwhile. */
    private final Set<String> registering = ConcurrentHashMap.newKeySet();
    /** One registration at a time, a few waiting; more are dropped (the next request of each tries again). */
    private final java.util.concurrent.ThreadPoolExecutor renewals = new java.util.concurrent.ThreadPoolExecutor(1, 1,
            0, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.ArrayBlockingQueue<>(16),
            DaemonThreads.named("certificate-renewal"), new java.util.concurrent.ThreadPoolExecutor.DiscardPolicy());

    public RequestAuthentication(NodeSecurity security, CertificateRegistry registry, NodeSettings settings,
                                 ClusterState cluster, ClusterClient clusterClient, MultiGetTickets tickets) {
        this.security = security;
        this.tickets = tickets;
        this.cluster = cluster;
        this.clusterClient = clusterClient;
        this.authenticator = new Authenticator(registry, this::isClusterNode,
                c -> security.tls().map(tls -> tls.trust().signedByClusterCa(c)).orElse(false),
                settings.wellKnownAdminCertificates());
    }

    /** This node's certificate, or one the cluster's CA signed for server use (another node's). */
    private boolean isClusterNode(X509Certificate certificate) {
        return security.tls().map(tls -> certificate.equals(tls.certificate().certificate())
                || tls.trust().isNodeCertificate(certificate)).orElse(false);
    }

    void install(@Observes Router router) {
        if (security.secured()) {
            router.route().order(Integer.MIN_VALUE + 1).handler(this::authenticate);
        }
    }

    void authenticate(RoutingContext context) {
        String ticket = context.request().getHeader(MultiGetTickets.HEADER);
        if (ticket != null) {
            // An inner request of a multi_get, sent by this node without the client's certificate: it is the client
            // the outer request authenticated, with no more rights (the routes' checks still apply to it).
            java.util.Optional<Identity> carried = tickets.identity(ticket);
            if (carried.isEmpty()) {
                refuse(context, "The " + MultiGetTickets.HEADER + " header does not name a multi_get being served",
                        null, "multi_get ticket");
                return;
            }
            context.put(IDENTITY, carried.get());
            context.next();
            return;
        }
        Authenticator.Result result = authenticator.authenticate(peerChain(context), clock.instant());
        String path = context.normalizedPath();
        RequiredAccess outsideJaxRs = outsideJaxRs(path);
        if (outsideJaxRs == RequiredAccess.Unauthenticated) {
            context.put(IDENTITY, result.refused() ? Identity.ANONYMOUS : result.identity());
            context.next();
            return;
        }
        if (result.refused()) {
            refuseCertificate(context, result.refusal(), thumbprintOf(result));
            return;
        }
        if (result.renewalOf() != null) {
            registerRenewal(result.renewalOf(), result.certificate());
        }
        if (outsideJaxRs != null) {
            java.util.Optional<String> refusal = AccessDecision.refusal(result.identity(), outsideJaxRs, null);
            if (refusal.isPresent()) {
                refuse(context, refusal.get(), result.identity().thumbprint(), outsideJaxRs.name());
                return;
            }
        }
        context.put(IDENTITY, result.identity());
        context.next();
    }

    /** What a route served outside JAX-RS needs; null for the JAX-RS routes, which carry their own. */
    static RequiredAccess outsideJaxRs(String path) {
        if (path.equals("/health") || path.startsWith("/health/")) {
            return RequiredAccess.Unauthenticated;
        }
        if (path.equals("/metrics") || path.startsWith("/metrics/")) {
            return RequiredAccess.Operator;
        }
        return null;
    }

    /**
     * A 403 for the certificate itself, and the connection closed after it: every request on it carries the same
     * certificate, so none would pass. It also makes a peer whose certificate changed (a renewal, a CA rotation that
     * dropped its old CA) shake hands again with its current one instead of reusing a pooled connection.
     */
    private void refuseCertificate(RoutingContext context, String message, String thumbprint) {
        context.response().putHeader(HttpHeaders.CONNECTION, "close");
        refuse(context, message, thumbprint, "certificate")
                .onComplete(written -> context.request().connection().close()); // once the 403 is on the wire
    }

    private io.vertx.core.Future<Void> refuse(RoutingContext context, String message, String thumbprint,
                                              String required) {
        Audit.refused(cluster.nodeTagOrUnknown(), context.request().method().name(), context.request().uri(),
                required, thumbprint, message);
        return context.response().setStatusCode(403).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(AccessFilter.invalidAuth(message));
    }

    private static String thumbprintOf(Authenticator.Result result) {
        return result.certificate() == null ? null : dev.muninn.pki.Thumbprints.of(result.certificate());
    }

    /** RavenDB registers a renewed certificate under its predecessor's grant, in the background. */
    private void registerRenewal(CertificateDefinition previous, X509Certificate renewed) {
        CertificateDefinition definition = previous.renewedAs(renewed);
        if (!registering.add(definition.thumbprint())) {
            return;
        }
        java.util.concurrent.Future<?> queued = renewals.submit(() -> {
            try {
                clusterClient.putCertificate(definition, previous.thumbprint(), null);
                LOG.infof("node=%s event=certificate-renewal-registered name=\"%s\" thumbprint=%s replaces=%s",
                        cluster.nodeTagOrUnknown(), definition.name(), definition.thumbprint(), previous.thumbprint());
            } catch (RuntimeException e) {
                LOG.warnf("node=%s event=certificate-renewal-not-registered thumbprint=%s reason=\"%s\"",
                        cluster.nodeTagOrUnknown(), definition.thumbprint(), e.getMessage());
            } finally {
                registering.remove(definition.thumbprint());
            }
        });
        if (queued.isCancelled()) { // dropped: the queue is full
            registering.remove(definition.thumbprint());
        }
    }

    private static List<X509Certificate> peerChain(RoutingContext context) {
        if (!context.request().isSSL()) {
            return List.of();
        }
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : context.request().connection().peerCertificates()) {
                if (certificate instanceof X509Certificate) {
                    chain.add((X509Certificate) certificate);
                }
            }
            return chain;
        } catch (SSLPeerUnverifiedException e) {
            return List.of(); // the client sent no certificate
        }
    }

    /**
     * For a route served outside JAX-RS, which the access filter does not see: true when the node is unsecured or
     * the request's identity has {@code required} on {@code database}. A refusal is the REST layer's to answer.
     */
    static boolean allows(NodeSecurity security, RoutingContext context, RequiredAccess required, String database) {
        return !security.secured() || AccessDecision.refusal(identityOf(context), required, database).isEmpty();
    }

    /** The identity {@link #authenticate} found for the request; anonymous when it found none. */
    static Identity identityOf(RoutingContext context) {
        Identity identity = context == null ? null : context.get(IDENTITY);
        return identity != null ? identity : Identity.ANONYMOUS;
    }
}
