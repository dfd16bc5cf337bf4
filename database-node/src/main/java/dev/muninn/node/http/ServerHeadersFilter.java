package dev.muninn.node.http;

import jakarta.inject.Inject;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

import dev.muninn.node.cluster.ClusterState;

/**
 * Headers every RavenDB client relies on: {@code Raven-Server-Version} (the client keeps OriginalChangeVector only
 * for servers ≥ 5.2) and {@code Refresh-Topology} when the client's topology etag is stale, which makes it re-read
 * the database topology from this node before the call returns.
 */
@Provider
public class ServerHeadersFilter implements ContainerResponseFilter {
    static final String SERVER_VERSION = "6.0.0";

    /** Looked up per request: JAX-RS providers are created during static init, before runtime config exists. */
    @Inject
    jakarta.inject.Provider<ClusterState> cluster;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle("Raven-Server-Version", SERVER_VERSION);
        String clientEtag = request.getHeaderString("Topology-Etag");
        if (clientEtag == null) {
            return;
        }
        String database = databaseOf(request.getUriInfo().getPath());
        if (database == null) {
            return;
        }
        cluster.get().record(database).ifPresent(record -> {
            if (!String.valueOf(record.etag()).equals(clientEtag.replace("\"", ""))) {
                response.getHeaders().putSingle("Refresh-Topology", "true");
            }
        });
    }

    private static String databaseOf(String path) {
        String prefix = "/databases/";
        if (!path.startsWith(prefix)) {
            return null;
        }
        int end = path.indexOf('/', prefix.length());
        return end < 0 ? null : path.substring(prefix.length(), end);
    }
}
