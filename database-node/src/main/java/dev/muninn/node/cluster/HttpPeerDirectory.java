package dev.muninn.node.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Asks the node itself, through its public {@code GET /cluster/node-identity}. */
public final class HttpPeerDirectory implements PeerDirectory {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http;

    /** @param peerHttp builds clients for calls to other nodes (over TLS with this node's certificate if secured) */
    public HttpPeerDirectory(java.util.function.Supplier<HttpClient.Builder> peerHttp) {
        this.http = peerHttp.get().connectTimeout(Duration.ofSeconds(3)).build();
    }

    @Override
    public java.util.Optional<Boolean> watcherAccordingTo(String url, String tag) {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url + "/cluster/topology"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                return java.util.Optional.empty();
            }
            JsonNode topology = MAPPER.readTree(response.body()).path("Topology");
            if (topology.path("Watchers").has(tag)) {
                return java.util.Optional.of(true);
            }
            return topology.path("Members").has(tag) ? java.util.Optional.of(false) : java.util.Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }

    private HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Override
    public PeerIdentity identify(String url) {
        try {
            HttpResponse<byte[]> response = get(url + "/cluster/node-identity");
            if (response.statusCode() == 400 || response.statusCode() == 404) {
                // A node of a release before the route existed told its Raft address in /info/tcp.
                response = get(url + "/info/tcp");
            }
            if (response.statusCode() != 200) {
                throw new ClusterCommandException(url + " answered " + response.statusCode() + " to GET "
                        + response.uri().getPath());
            }
            JsonNode info = MAPPER.readTree(response.body());
            String topologyId = info.hasNonNull("TopologyId") ? info.get("TopologyId").asText() : null;
            return new PeerIdentity(info.path("ServerId").asText(), info.path("RaftAddress").asText(),
                    topologyId == null || topologyId.isEmpty() ? null : topologyId);
        } catch (IOException e) {
            throw new ClusterCommandException("Cannot reach " + url + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterCommandException("Interrupted while contacting " + url);
        } catch (IllegalArgumentException e) {
            throw new ClusterCommandException("Invalid node URL '" + url + "'");
        }
    }
}
