package dev.muninn.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.muninn.node.process.fuzz.FuzzCase;
import dev.muninn.node.process.fuzz.FuzzInputs;

/**
 * What must hold after every fuzzed request, whatever it was: the node answers a cheap request within seconds, the
 * sentinel documents (which no case targets) keep their content and change vector, the database's etag and its own
 * change vector entry never go back, ids are unique, HiLo ranges never overlap, and a refused request changed
 * nothing the node exposes.
 */
final class FuzzInvariants {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SENTINELS = 5;
    private static final Duration ALIVE_WITHIN = Duration.ofSeconds(5);

    private final HttpClient http;
    private final String url;
    private final String database;
    private final Map<Integer, String> sentinelChangeVectors = new HashMap<>();
    private final List<long[]> hiLoRanges = new ArrayList<>();
    private int hiLoRangesChecked;
    private long lastEtag = -1;
    private long ownChangeVectorEntry = -1;

    FuzzInvariants(HttpClient http, String url, String database) {
        this.http = http;
        this.url = url;
        this.database = database;
    }

    /** Writes the sentinels through plain HTTP, as a client would, and remembers their change vectors. */
    void writeSentinels() throws Exception {
        for (int i = 1; i <= SENTINELS; i++) {
            HttpResponse<String> put = RawHttp.send(http, "PUT", sentinelUrl(i), "{\"Value\":\"sentinel " + i
                    + "\",\"@metadata\":{\"@collection\":\"Sentinels\"}}");
            assertThat(put.statusCode()).isEqualTo(201);
            sentinelChangeVectors.put(i, JSON.readTree(put.body()).path("ChangeVector").asText());
        }
    }

    int hiLoRangesChecked() {
        return hiLoRangesChecked;
    }

    /** The node still answers, within seconds, a request that touches neither storage nor Raft. */
    void assertAlive(String where) throws Exception {
        HttpResponse<String> version;
        try {
            version = http.send(HttpRequest.newBuilder(URI.create(url + "/build/version")).timeout(ALIVE_WITHIN)
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new AssertionError("the node no longer answers GET /build/version within " + ALIVE_WITHIN
                    + " (" + e + ") after " + where, e);
        }
        assertThat(version.statusCode()).as("GET /build/version after " + where).isEqualTo(200);
    }

    void assertSentinelsIntact(String where) throws Exception {
        for (int i = 1; i <= SENTINELS; i++) {
            HttpResponse<String> answer = RawHttp.send(http, "GET", sentinelUrl(i), null);
            assertThat(answer.statusCode()).as("sentinel " + i + " is there after " + where).isEqualTo(200);
            JsonNode stored = JSON.readTree(answer.body()).path("Results").path(0);
            assertThat(stored.path("Value").asText()).as("sentinel " + i + "'s content after " + where)
                    .isEqualTo("sentinel " + i);
            assertThat(stored.path("@metadata").path("@change-vector").asText())
                    .as("sentinel " + i + "'s change vector after " + where).isEqualTo(sentinelChangeVectors.get(i));
        }
    }

    /** The database's last etag and its own entry of the change vector never go back. */
    void assertMonotonic(String where) throws Exception {
        JsonNode stats = stats();
        long etag = stats.path("LastDatabaseEtag").asLong();
        assertThat(etag).as("the database's last etag never goes back: " + where).isGreaterThanOrEqualTo(lastEtag);
        lastEtag = etag;
        long own = ownEntry(stats.path("DatabaseChangeVector").asText(), stats.path("DatabaseId").asText());
        assertThat(own).as("the database's change vector entry never goes back: " + where)
                .isGreaterThanOrEqualTo(ownChangeVectorEntry);
        ownChangeVectorEntry = own;
    }

    /** Every document id once, whatever its case, and as many as the statistics count. */
    void assertIdsUnique(String where) throws Exception {
        long count = stats().path("CountOfDocuments").asLong();
        Set<String> ids = new HashSet<>();
        int listed = 0;
        for (int start = 0; start < count + 1; start += 1024) {
            JsonNode page = JSON.readTree(RawHttp.send(http, "GET", url + "/databases/" + database
                    + "/docs?metadataOnly=true&start=" + start + "&pageSize=1024", null).body()).path("Results");
            for (JsonNode document : page) {
                String id = document.path("@metadata").path("@id").asText();
                assertThat(ids.add(id.toLowerCase(Locale.ROOT))).as("id " + id + " listed once: " + where).isTrue();
                listed++;
            }
            if (page.size() < 1024) {
                break;
            }
        }
        assertThat(listed).as("documents listed = CountOfDocuments: " + where).isEqualTo(count);
    }

    /**
     * What a refused request must not change: the database's change vector, etag and counts, and for requests that
     * could reach them, compare-exchange values and the cluster's databases and members.
     */
    String state(FuzzCase request) throws Exception {
        JsonNode stats = stats();
        StringBuilder state = new StringBuilder(stats.path("DatabaseChangeVector").asText()).append(" etag=")
                .append(stats.path("LastDatabaseEtag").asLong());
        for (String count : List.of("CountOfDocuments", "CountOfTombstones", "CountOfAttachments",
                "CountOfRevisionDocuments", "CountOfConflicts")) {
            state.append(' ').append(count).append('=').append(stats.path(count).asLong());
        }
        String path = request.path();
        if (path.contains("cmpxchg") || path.contains("bulk_docs")) {
            state.append(" cmpxchg=").append(get("/databases/" + database + "/cmpxchg?startsWith=&pageSize=1024")
                    .path("Results"));
        }
        if (path.startsWith("/admin")) {
            state.append(" databases=").append(get("/databases?pageSize=1024").path("Databases").findValues("Name"))
                    .append(" members=").append(get("/cluster/topology").path("Topology").path("AllNodes"));
        }
        return state.toString();
    }

    /** Remembers each range of the checked tag that the node handed out, and that no two ever overlap. */
    void recordHiLo(FuzzCase request, HttpResponse<String> answer, String where) throws Exception {
        int status = answer.statusCode();
        boolean next = request.path().contains("/hilo/next?");
        boolean giveBack = request.path().contains("/hilo/return?");
        if (status >= 300 || !next && !giveBack) {
            return;
        }
        Map<String, List<String>> query = query(request.path());
        List<String> tags = query.getOrDefault("tag", List.of());
        if (!tags.contains(FuzzInputs.HILO_TAG)) {
            return;
        }
        if (giveBack) {
            List<String> ends = query.getOrDefault("end", List.of());
            List<String> lasts = query.getOrDefault("last", List.of());
            if (tags.size() != 1 || ends.size() != 1 || lasts.size() != 1 || !ends.get(0).matches("\\d{1,18}")
                    || !lasts.get(0).matches("\\d{1,18}")) {
                // Which tag or numbers the node took is ambiguous: what was handed out before can no longer be known.
                hiLoRanges.clear();
                return;
            }
            // A returned range's unused end [last + 1, end] may be handed out again: that is what returning is for.
            long end = Long.parseLong(ends.get(0));
            long last = Long.parseLong(lasts.get(0));
            hiLoRanges.forEach(range -> {
                if (range[1] == end) {
                    range[1] = Math.min(range[1], last);
                }
            });
            return;
        }
        if (tags.size() != 1) {
            hiLoRanges.clear();
            return;
        }
        JsonNode range = JSON.readTree(answer.body());
        long low = range.path("Low").asLong();
        long high = range.path("High").asLong();
        assertThat(low).as(where).isPositive().isLessThanOrEqualTo(high);
        for (long[] earlier : hiLoRanges) {
            assertThat(high < earlier[0] || low > earlier[1]).as("HiLo ranges never overlap: [" + low + ", " + high
                    + "] and [" + earlier[0] + ", " + earlier[1] + "]: " + where).isTrue();
        }
        hiLoRanges.add(new long[] {low, high});
        hiLoRangesChecked++;
    }

    private static Map<String, List<String>> query(String path) {
        Map<String, List<String>> query = new HashMap<>();
        int start = path.indexOf('?');
        if (start < 0) {
            return query;
        }
        for (String pair : path.substring(start + 1).split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            try {
                query.computeIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8), key -> new ArrayList<>())
                        .add(URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException badEscape) {
                query.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
            }
        }
        return query;
    }

    private static long ownEntry(String changeVector, String databaseId) {
        for (String entry : changeVector.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.endsWith("-" + databaseId)) {
                // The id is base64 and may hold '-' itself: the etag ends where "-<id>" starts.
                String etag = trimmed.substring(trimmed.indexOf(':') + 1, trimmed.length() - databaseId.length() - 1);
                return Long.parseLong(etag);
            }
        }
        return 0;
    }

    private JsonNode stats() throws Exception {
        return get("/databases/" + database + "/stats");
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> answer = RawHttp.send(http, "GET", url + path, null);
        assertThat(answer.statusCode()).as("GET " + path).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private String sentinelUrl(int i) {
        return url + "/databases/" + database + "/docs?id=" + FuzzInputs.SENTINEL_PREFIX + i;
    }
}
