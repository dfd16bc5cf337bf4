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
        apply(cluster.get(), request.getUriInfo().getPath(), request.getHeaderString(TOPOLOGY_ETAG),
                (name, value) -> response.getHeaders().putSingle(name, value));
    }

    static final String TOPOLOGY_ETAG = "Topology-Etag";

    /**
     * The headers for a request to {@code path} whose client sent {@code clientEtag} (may be null), given to
     * {@code header}: shared by this filter and the routes served outside JAX-RS.
     */
    static void apply(ClusterState cluster, String path, String clientEtag,
                      java.util.function.BiConsumer<String, String> header) {
        header.accept("Raven-Server-Version", SERVER_VERSION);
        if (clientEtag == null) {
            return;
        }
        String database = databaseOf(path);
        if (database == null) {
            return;
        }
        cluster.record(database).ifPresent(record -> {
            if (!String.valueOf(record.etag()).equals(clientEtag.replace("\"", ""))) {
                header.accept("Refresh-Topology", "true");
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
