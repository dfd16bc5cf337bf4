package dev.muninn.node.http;

import java.lang.reflect.Method;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.muninn.node.cluster.ClusterState;
import dev.muninn.node.documents.Json;
import dev.muninn.node.runtime.NodeSecurity;
import dev.muninn.node.security.Access;
import dev.muninn.node.security.AccessDecision;
import dev.muninn.node.security.Identity;
import dev.muninn.node.security.RequiredAccess;
import io.vertx.ext.web.RoutingContext;

/**
 * On a secured node, checks each request against what its route requires ({@link Access}): RavenDB's 403 with the
 * reason when the certificate's clearance or database grants fall short, and an audit line for every refusal and
 * every admin action. A route without {@link Access} needs a cluster admin.
 */
@ApplicationScoped
public class AccessFilter {
    private final NodeSecurity security;
    private final ClusterState cluster;

    public AccessFilter(NodeSecurity security, ClusterState cluster) {
        this.security = security;
        this.cluster = cluster;
    }

    /** What {@code method} of its resource requires. */
    public static RequiredAccess requiredBy(Method method) {
        Access access = method.getAnnotation(Access.class);
        if (access == null) {
            access = method.getDeclaringClass().getAnnotation(Access.class);
        }
        return access == null ? RequiredAccess.ClusterAdmin : access.value();
    }

    @ServerRequestFilter(priority = jakarta.ws.rs.Priorities.AUTHORIZATION)
    public Response check(ContainerRequestContext request, ResourceInfo resource, RoutingContext routing) {
        if (!security.secured()) {
            return null;
        }
        // A request without a resource method (an OPTIONS answered by the framework) still needs a certificate.
        RequiredAccess required = resource.getResourceMethod() == null ? RequiredAccess.ValidUser
                : requiredBy(resource.getResourceMethod());
        Identity identity = RequestAuthentication.identityOf(routing);
        String database = required.isDatabaseLevel() ? databaseOf(request) : null;
        Optional<String> refusal = AccessDecision.refusal(identity, required, database);
        String method = request.getMethod();
        String uri = routing.request().uri();
        if (refusal.isPresent()) {
            Audit.refused(cluster.nodeTagOrUnknown(), method, uri, required.name(), identity.thumbprint(),
                    refusal.get());
            return Response.status(403).type(MediaType.APPLICATION_JSON).entity(invalidAuth(refusal.get())).build();
        }
        if (isAdmin(required) && !"GET".equals(method) && !"HEAD".equals(method)) {
            Audit.adminAction(cluster.nodeTagOrUnknown(), method, uri, required.name(), identity.thumbprint(),
                    identity.name());
        }
        return null;
    }

    /**
     * For a route whose need depends on its body (a counter batch that only reads needs less than one that writes):
     * the 403 the filter would answer when the request's identity lacks {@code required} on {@code database}, else
     * empty. Audited like the filter's refusals.
     */
    Optional<Response> refusal(RoutingContext routing, RequiredAccess required, String database) {
        if (!security.secured()) {
            return Optional.empty();
        }
        Identity identity = RequestAuthentication.identityOf(routing);
        Optional<String> refusal = AccessDecision.refusal(identity, required, database);
        refusal.ifPresent(reason -> Audit.refused(cluster.nodeTagOrUnknown(), routing.request().method().name(),
                routing.request().uri(), required.name(), identity.thumbprint(), reason));
        return refusal.map(reason -> Response.status(403).type(MediaType.APPLICATION_JSON)
                .entity(invalidAuth(reason)).build());
    }

    private static boolean isAdmin(RequiredAccess required) {
        return required == RequiredAccess.DatabaseAdmin || required == RequiredAccess.Operator
                || required == RequiredAccess.ClusterAdmin;
    }

    /** The route's database: its {db} or {database} path segment, else the {@code name} query parameter. */
    private static String databaseOf(ContainerRequestContext request) {
        var path = request.getUriInfo().getPathParameters();
        String database = path.getFirst("db");
        if (database == null) {
            database = path.getFirst("database");
        }
        if (database == null) {
            database = request.getUriInfo().getQueryParameters().getFirst("name");
        }
        return database;
    }

    /** RavenDB's body for an authentication or authorization failure. */
    static String invalidAuth(String message) {
        var body = Json.object();
        body.put("Type", "InvalidAuth");
        body.put("Message", message);
        return body.toString();
    }
}
