package dev.muninn.node.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** N real node processes on 127.0.0.1 (HTTP ports basePort+i, Raft +10000), joined into one cluster. */
final class ClusterFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final List<NodeProcess> nodes = new ArrayList<>();
    /** Per node, the URL the cluster is told to reach it at (its own URL unless it is behind a proxy). */
    final List<String> clusterUrls = new ArrayList<>();
    /** Per node, its HTTP and its Raft proxy, when the fixture is {@link #proxied}. */
    final List<FaultProxy> httpProxies = new ArrayList<>();
    final List<FaultProxy> raftProxies = new ArrayList<>();

    ClusterFixture(Path dir, int count, int basePort, int operationTimeoutSeconds) {
        this(dir, count, i -> "http://127.0.0.1:" + (basePort + i), operationTimeoutSeconds);
    }

    private ClusterFixture(Path dir, int count, java.util.function.IntFunction<String> url,
                           int operationTimeoutSeconds) {
        for (int i = 1; i <= count; i++) {
            nodes.add(new NodeProcess(url.apply(i), dir.resolve("node" + i))
                    .withSetting("Cluster.OperationTimeoutInSec", String.valueOf(operationTimeoutSeconds)));
            clusterUrls.add(nodes.get(i - 1).url());
        }
    }

    /**
     * Node i on a loopback address of its own, {@code hostPrefix + i} (127.0.0.6 → 127.0.0.61, .62, …), all on
     * {@code port}: out of the way of the 127.0.0.1 ports other tests use.
     */
    static ClusterFixture onHosts(Path dir, String hostPrefix, int count, int port, int operationTimeoutSeconds) {
        return new ClusterFixture(dir, count, i -> "http://" + hostPrefix + i + ":" + port, operationTimeoutSeconds);
    }

    /**
     * Every node-to-node connection through a {@link FaultProxy}: node i listens on HTTP basePort+i and Raft
     * basePort+i+10000, and advertises (PublicServerUrl, PublicServerUrl.Tcp) proxyBasePort+i and
     * proxyBasePort+i+10000, which forward to it. Clients of the test use the direct URLs.
     */
    static ClusterFixture proxied(Path dir, int count, int basePort, int proxyBasePort, int operationTimeoutSeconds)
            throws IOException {
        ClusterFixture fixture = new ClusterFixture(dir, count, basePort, operationTimeoutSeconds);
        fixture.clusterUrls.clear();
        for (int i = 1; i <= count; i++) {
            int httpProxy = proxyBasePort + i;
            int raftProxy = proxyBasePort + i + 10_000;
            fixture.httpProxies.add(FaultProxy.to(httpProxy, basePort + i));
            fixture.raftProxies.add(FaultProxy.to(raftProxy, basePort + i + 10_000));
            String publicUrl = "http://127.0.0.1:" + httpProxy;
            fixture.nodes.get(i - 1).withSetting("PublicServerUrl", publicUrl)
                    .withSetting("PublicServerUrl.Tcp", "127.0.0.1:" + raftProxy);
            fixture.clusterUrls.add(publicUrl);
        }
        return fixture;
    }

    /**
     * Isolates node i from the other nodes, or heals: its own two proxies are cut (nothing reaches it), and the
     * other nodes' proxies reset whatever it connects (it reaches nothing). Clients still reach it directly.
     */
    void isolate(int i, boolean isolated) {
        NodeProcess node = nodes.get(i);
        for (int j = 0; j < nodes.size(); j++) {
            for (FaultProxy proxy : List.of(httpProxies.get(j), raftProxies.get(j))) {
                if (!isolated) {
                    proxy.heal();
                } else if (j == i) {
                    proxy.cut();
                } else {
                    proxy.cutFrom(node::pid);
                }
            }
        }
    }

    ClusterFixture start() throws Exception {
        try {
            for (NodeProcess node : nodes) {
                node.start();
            }
            for (int i = 1; i < nodes.size(); i++) {
                Answer added = send("PUT", nodes.get(0).url() + "/admin/cluster/node?url=" + clusterUrls.get(i), null);
                if (added.status() != 200) {
                    throw new IllegalStateException("Adding " + clusterUrls.get(i) + " failed: " + added.body());
                }
            }
            awaitConverged(Duration.ofSeconds(20)); // a node that just joined is still catching up
            return this;
        } catch (Exception | AssertionError e) {
            close(); // the caller's try-with-resources never got the fixture: no process or proxy may outlive it
            throw e;
        }
    }

    NodeProcess node(int i) {
        return nodes.get(i);
    }

    record Answer(int status, JsonNode body) {
    }

    static Answer send(String method, String url, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode parsed = response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
        return new Answer(response.statusCode(), parsed);
    }

    static Answer get(String url) throws IOException, InterruptedException {
        return send("GET", url, null);
    }

    /** The node process that currently leads, as seen from any live node. */
    NodeProcess leader() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            for (NodeProcess node : nodes) {
                if (!node.isAlive()) {
                    continue;
                }
                try {
                    JsonNode topology = get(node.url() + "/cluster/topology").body();
                    String leader = topology.path("Leader").asText(null);
                    if (leader != null && !leader.equals("null")) {
                        String url = topology.path("Topology").path("AllNodes").path(leader).asText();
                        for (int i = 0; i < nodes.size(); i++) {
                            NodeProcess candidate = nodes.get(i);
                            if ((candidate.url().equals(url) || clusterUrls.get(i).equals(url)) && candidate.isAlive()) {
                                return candidate;
                            }
                        }
                    }
                } catch (IOException notAnswering) {
                    // try the next node
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("No leader within 20 s");
    }

    /** Waits until every live node reports the same applied index and state hash; returns that hash. */
    String awaitConverged(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> last = List.of();
        while (System.nanoTime() < deadline) {
            List<String> states = new ArrayList<>();
            for (NodeProcess node : nodes) {
                if (node.isAlive()) {
                    JsonNode state = get(node.url() + "/admin/cluster/state").body();
                    states.add(state.path("Index").asLong() + "/" + state.path("Hash").asText());
                }
            }
            if (!states.isEmpty() && states.stream().distinct().count() == 1) {
                return states.get(0);
            }
            last = states;
            Thread.sleep(200);
        }
        throw new AssertionError("Nodes did not converge: " + last);
    }

    @Override
    public void close() throws Exception {
        for (NodeProcess node : nodes) {
            node.close();
        }
        httpProxies.forEach(FaultProxy::close);
        raftProxies.forEach(FaultProxy::close);
    }
}
