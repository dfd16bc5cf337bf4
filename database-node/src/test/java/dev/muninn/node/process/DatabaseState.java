package dev.muninn.node.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.process.ClusterFixture.Answer;

/**
 * What one member holds of a database, reduced to a hash over every document's (id, content, change vector):
 * two members with the same hash hold the same documents in the same versions. Read over HTTP, paged.
 */
record DatabaseState(String hash, int documents, long conflicts, Map<String, JsonNode> byId) {
    private static final int PAGE = 1024;
    /** Metadata that differs between members holding the same version (when each stored it). */
    private static final List<String> VOLATILE_METADATA = List.of("@last-modified");

    static DatabaseState of(String nodeUrl, String database) throws IOException, InterruptedException {
        Map<String, JsonNode> byId = new TreeMap<>();
        for (int start = 0; ; start += PAGE) {
            Answer page = ClusterFixture.get(nodeUrl + "/databases/" + database + "/docs?start=" + start
                    + "&pageSize=" + PAGE);
            if (page.status() != 200) {
                throw new IOException(nodeUrl + " answered " + page.status() + " to a docs page: " + page.body());
            }
            JsonNode results = page.body().path("Results");
            for (JsonNode doc : results) {
                ObjectNode copy = doc.deepCopy();
                ObjectNode metadata = (ObjectNode) copy.path("@metadata");
                VOLATILE_METADATA.forEach(metadata::remove);
                // server metadata in a fixed order; the document's own fields keep theirs (order is content)
                ObjectNode sorted = ClusterFixture.JSON.createObjectNode();
                new TreeMap<String, JsonNode>(toMap(metadata)).forEach(sorted::set);
                copy.set("@metadata", sorted);
                byId.put(metadata.path("@id").asText(), copy);
            }
            if (results.size() < PAGE) {
                break;
            }
        }
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (Map.Entry<String, JsonNode> entry : byId.entrySet()) {
            sha.update((entry.getKey() + "\n" + entry.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Answer stats = ClusterFixture.get(nodeUrl + "/databases/" + database + "/stats");
        long conflicts = stats.body().path("CountOfConflicts").asLong(-1);
        return new DatabaseState(HexFormat.of().formatHex(sha.digest()).substring(0, 16), byId.size(), conflicts,
                byId);
    }

    private static Map<String, JsonNode> toMap(ObjectNode node) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue()));
        return map;
    }

    /** hash, document count, conflict count: what must be equal on every member. */
    String summary() {
        return hash + " docs=" + documents + " conflicts=" + conflicts;
    }

    /**
     * Waits until every given member holds the same documents (same hash) and no conflict; returns the states by
     * node URL. Fails with every member's last state.
     */
    static Map<String, DatabaseState> awaitIdentical(List<NodeProcess> members, String database, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, DatabaseState> states = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        while (true) {
            states.clear();
            errors.clear();
            for (NodeProcess member : members) {
                try {
                    states.put(member.url(), of(member.url(), database));
                } catch (IOException e) {
                    errors.add(member.url() + ": " + e.getMessage());
                }
            }
            if (errors.isEmpty() && states.values().stream().map(DatabaseState::hash).distinct().count() == 1
                    && states.values().stream().allMatch(s -> s.conflicts() == 0)) {
                return Map.copyOf(states);
            }
            if (System.nanoTime() > deadline) {
                StringBuilder report = new StringBuilder("Members did not converge within " + timeout + ":");
                states.forEach((url, state) -> report.append("\n  ").append(url).append(" ").append(state.summary()));
                errors.forEach(e -> report.append("\n  ").append(e));
                report.append(differences(states));
                throw new AssertionError(report.toString());
            }
            Thread.sleep(250);
        }
    }

    /** The first few ids whose versions differ between members, for the failure message. */
    static String differences(Map<String, DatabaseState> states) {
        if (states.size() < 2) {
            return "";
        }
        List<DatabaseState> list = new ArrayList<>(states.values());
        List<String> urls = new ArrayList<>(states.keySet());
        java.util.Set<String> ids = new java.util.TreeSet<>();
        list.forEach(s -> ids.addAll(s.byId().keySet()));
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (String id : ids) {
            List<JsonNode> versions = list.stream().map(s -> s.byId().get(id)).toList();
            if (versions.stream().distinct().count() > 1 && shown++ < 5) {
                out.append("\n  differs: ").append(id);
                for (int i = 0; i < versions.size(); i++) {
                    out.append("\n    ").append(urls.get(i)).append(" ").append(versions.get(i));
                }
            }
        }
        return out.toString();
    }

    /** The HTTP status of a load of {@code id} on one member (200, 404, or 409 for a conflict). */
    static int status(String nodeUrl, String database, String id) throws IOException, InterruptedException {
        return ClusterFixture.get(nodeUrl + "/databases/" + database + "/docs?id="
                + java.net.URLEncoder.encode(id, StandardCharsets.UTF_8)).status();
    }
}
