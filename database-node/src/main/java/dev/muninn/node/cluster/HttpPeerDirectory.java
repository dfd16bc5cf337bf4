package dev.muninn.node.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Asks the node itself, through its public {@code GET /info/tcp}. */
public final class HttpPeerDirectory implements PeerDirectory {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    @Override
    public PeerIdentity identify(String url) {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url + "/info/tcp"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new ClusterCommandException(url + " answered " + response.statusCode() + " to GET /info/tcp");
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
