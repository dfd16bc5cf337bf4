package dev.muninn.nodeclient;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@link NodeAdminClient} over the node's HTTP routes (RavenDB's), with the JDK's HTTP client. */
public final class HttpNodeAdminClient implements NodeAdminClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Duration timeout;

    public HttpNodeAdminClient(Duration timeout) {
        this(timeout, null);
    }

    /**
     * For secured nodes: {@code tls} presents the caller's client certificate (an admin's, or the operator's) and
     * trusts the cluster's CA. Null: plain http.
     */
    public HttpNodeAdminClient(Duration timeout, javax.net.ssl.SSLContext tls) {
        this.timeout = timeout;
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(3));
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
    }

    @Override
    public ClusterTopology topology(String nodeUrl) {
        return topologyOf(send("GET", nodeUrl, "/cluster/topology", null).body());
    }

    @Override
    public ClusterTopology bootstrap(String nodeUrl) {
        send("POST", nodeUrl, "/admin/cluster/bootstrap", null);
        return topology(nodeUrl);
    }

    @Override
    public void addNode(String nodeUrl, String newNodeUrl, String tag, boolean watcher) {
        send("PUT", nodeUrl, "/admin/cluster/node?url=" + encode(newNodeUrl) + "&tag=" + encode(tag) + "&watcher="
                + watcher, null);
    }

    @Override
    public void removeNode(String nodeUrl, String tag) {
        send("DELETE", nodeUrl, "/admin/cluster/node?nodeTag=" + encode(tag), null);
    }

    @Override
    public DatabaseTopology createDatabase(String nodeUrl, String name, int replicationFactor, List<String> nodes) {
        ObjectNode record = JSON.createObjectNode();
        record.put("DatabaseName", name);
        ObjectNode topology = record.putObject("Topology");
        topology.put("ReplicationFactor", replicationFactor);
        nodes.forEach(topology.putArray("Members")::add);
        Answer answer = send("PUT", nodeUrl, "/admin/databases?name=" + encode(name) + "&replicationFactor="
                + replicationFactor, record);
        return topologyOfDatabase(name, answer.body().path("Topology"));
    }

    @Override
    public Optional<DatabaseTopology> database(String nodeUrl, String name) {
        Answer answer = send("GET", nodeUrl, "/admin/databases?name=" + encode(name), null, 404);
        if (answer.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(topologyOfDatabase(name, answer.body().path("Topology")));
    }

    @Override
    public void addDatabaseNode(String nodeUrl, String name, String tag) {
        send("PUT", nodeUrl, "/admin/databases/node?name=" + encode(name)
                + (tag == null || tag.isBlank() ? "" : "&node=" + encode(tag)), null);
    }

    @Override
    public void deleteDatabase(String nodeUrl, String name, boolean hardDelete, List<String> fromNodes) {
        ObjectNode request = JSON.createObjectNode();
        request.putArray("DatabaseNames").add(name);
        request.put("HardDelete", hardDelete);
        fromNodes.forEach(request.putArray("FromNodes")::add);
        send("DELETE", nodeUrl, "/admin/databases", request);
    }

    @Override
    public List<String> databaseNames(String nodeUrl) {
        List<String> names = new ArrayList<>();
        int page = 256;
        for (int start = 0; ; start += page) {
            List<String> batch = texts(send("GET", nodeUrl, "/databases?namesOnly=true&start=" + start + "&pageSize="
                    + page, null).body().path("Databases"));
            names.addAll(batch);
            if (batch.size() < page) {
                return names;
            }
        }
    }

    @Override
    public Optional<JsonNode> databaseSetting(String nodeUrl, String name, String key) {
        Answer answer = send("GET", nodeUrl, "/admin/databases?name=" + encode(name), null, 404);
        JsonNode value = answer.status() == 404 ? null : answer.body().get(key);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    @Override
    public void setConflictSolver(String nodeUrl, String name, JsonNode solver) {
        send("POST", nodeUrl, "/admin/replication/conflicts/solver?name=" + encode(name), solver);
    }

    @Override
    public void setRevisions(String nodeUrl, String name, JsonNode configuration) {
        send("POST", nodeUrl, "/databases/" + encode(name) + "/admin/revisions/config", configuration);
    }

    @Override
    public long putPeriodicBackup(String nodeUrl, String database, JsonNode configuration) {
        return send("POST", nodeUrl, "/databases/" + encode(database) + "/admin/periodic-backup", configuration).body()
                .path("TaskId").asLong();
    }

    @Override
    public Optional<JsonNode> backupTask(String nodeUrl, String database, String taskName) {
        Answer answer = send("GET", nodeUrl, "/databases/" + encode(database) + "/task?taskName=" + encode(taskName)
                + "&type=Backup", null, 404);
        return answer.status() == 404 || answer.body().isNull() ? Optional.empty() : Optional.of(answer.body());
    }

    @Override
    public void setWatcher(String nodeUrl, String tag, boolean watcher) {
        send("POST", nodeUrl, "/admin/cluster/" + (watcher ? "demote" : "promote") + "?nodeTag=" + encode(tag), null);
    }

    @Override
    public long backup(String nodeUrl, String database, JsonNode configuration) {
        return send("POST", nodeUrl, "/databases/" + encode(database) + "/admin/backup", configuration).body()
                .path("OperationId").asLong();
    }

    @Override
    public long restore(String nodeUrl, JsonNode configuration) {
        return send("POST", nodeUrl, "/admin/restore/database", configuration).body().path("OperationId").asLong();
    }

    @Override
    public Optional<JsonNode> operationState(String nodeUrl, long operationId) {
        Answer answer = send("GET", nodeUrl, "/operations/state?id=" + operationId, null, 404);
        return answer.status() == 404 ? Optional.empty() : Optional.of(answer.body());
    }

    @Override
    public void deleteOngoingTask(String nodeUrl, String database, long taskId, String type) {
        send("DELETE", nodeUrl, "/databases/" + encode(database) + "/admin/tasks?id=" + taskId + "&type="
                + encode(type), null);
    }

    @Override
    public Optional<RegisteredCertificate> certificate(String nodeUrl, String thumbprint) {
        Answer answer = send("GET", nodeUrl, "/admin/certificates?metadataOnly=true&thumbprint=" + encode(thumbprint),
                null, 404);
        JsonNode found = answer.status() == 404 ? null : answer.body().path("Results").path(0);
        if (found == null || !found.isObject()) {
            return Optional.empty();
        }
        Map<String, String> permissions = new LinkedHashMap<>();
        found.path("Permissions").fields().forEachRemaining(e -> permissions.put(e.getKey(), e.getValue().asText()));
        return Optional.of(new RegisteredCertificate(found.path("Thumbprint").asText(), found.path("Name").asText(),
                found.path("SecurityClearance").asText(), permissions));
    }

    @Override
    public void putCertificate(String nodeUrl, String name, String certificateBase64, String clearance,
                               Map<String, String> permissions) {
        ObjectNode body = grant(name, clearance, permissions);
        body.put("Certificate", certificateBase64);
        send("PUT", nodeUrl, "/admin/certificates", body);
    }

    @Override
    public void editCertificate(String nodeUrl, String thumbprint, String name, String clearance,
                                Map<String, String> permissions) {
        ObjectNode body = grant(name, clearance, permissions);
        body.put("Thumbprint", thumbprint);
        send("POST", nodeUrl, "/admin/certificates/edit", body);
    }

    private static ObjectNode grant(String name, String clearance, Map<String, String> permissions) {
        ObjectNode body = JSON.createObjectNode();
        body.put("Name", name);
        body.put("SecurityClearance", clearance);
        ObjectNode grants = body.putObject("Permissions");
        permissions.forEach(grants::put);
        return body;
    }

    @Override
    public void deleteCertificate(String nodeUrl, String thumbprint) {
        send("DELETE", nodeUrl, "/admin/certificates?thumbprint=" + encode(thumbprint), null);
    }

    record Answer(int status, JsonNode body) {
    }

    private Answer send(String method, String nodeUrl, String pathAndQuery, JsonNode body, int... alsoAccepted) {
        String url = stripSlash(nodeUrl) + pathAndQuery;
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                    .header("Content-Type", "application/json");
        } catch (IOException | IllegalArgumentException e) {
            throw new NodeAdminException(0, "Cannot build request " + method + " " + url + ": " + e.getMessage());
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new NodeUnreachableException(method + " " + url + " got no answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeUnreachableException(method + " " + url + " was interrupted", e);
        }
        JsonNode parsed = parse(response.body());
        int status = response.statusCode();
        for (int accepted : alsoAccepted) {
            if (status == accepted) {
                return new Answer(status, parsed);
            }
        }
        if (status >= 200 && status < 300) {
            return new Answer(status, parsed);
        }
        String message = parsed.path("Message").asText(new String(response.body(), StandardCharsets.UTF_8));
        if (status == 503 && parsed.path("Type").asText().contains("NoLeaderException")) {
            throw new NoLeaderException(method + " " + url + ": " + message);
        }
        throw new NodeAdminException(status, method + " " + url + " answered " + status + ": " + message);
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.nullNode();
        }
    }

    static ClusterTopology topologyOf(JsonNode answer) {
        JsonNode topology = answer.path("Topology");
        Map<String, String> members = new LinkedHashMap<>();
        Map<String, String> watchers = new LinkedHashMap<>();
        topology.path("Members").fields().forEachRemaining(e -> {
            if (!"?".equals(e.getKey())) {
                members.put(e.getKey(), e.getValue().asText());
            }
        });
        topology.path("Watchers").fields().forEachRemaining(e -> watchers.put(e.getKey(), e.getValue().asText()));
        String topologyId = topology.path("TopologyId").isTextual() ? topology.path("TopologyId").asText() : null;
        String leader = answer.path("Leader").isTextual() ? answer.path("Leader").asText() : null;
        return new ClusterTopology(topologyId, members, watchers, leader, answer.path("NodeTag").asText("?"),
                answer.path("CurrentState").asText("Passive"));
    }

    static DatabaseTopology topologyOfDatabase(String name, JsonNode topology) {
        Map<String, String> reasons = new LinkedHashMap<>();
        topology.path("DemotionReasons").fields().forEachRemaining(e -> reasons.put(e.getKey(), e.getValue().asText()));
        return new DatabaseTopology(name, texts(topology.path("Members")), texts(topology.path("Promotables")),
                texts(topology.path("Rehabs")), reasons, topology.path("ReplicationFactor").asInt(0));
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
