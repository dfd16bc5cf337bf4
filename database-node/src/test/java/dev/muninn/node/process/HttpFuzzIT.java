package dev.muninn.node.process;

import static dev.muninn.node.process.RawHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.muninn.node.process.fuzz.FuzzCase;
import dev.muninn.node.process.fuzz.FuzzInputs;

/**
 * The fuzzing tier (issue 15): random requests over the RavenDB surface against one real node, and after each one
 * the node must still answer, a client mistake must get a JSON error (never a 500 or a page), a refused request
 * must have changed nothing, the sentinel documents must be intact, and HiLo ranges must never overlap. The seed is
 * printed; {@code -Dmuninn.fuzz.seed=} replays a run, {@code -Dmuninn.fuzz.cases=} sets its length. CI runs a
 * bounded set; the {@code soak} run is long.
 */
@Tag("process")
class HttpFuzzIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DATABASE = "fuzz";
    private static final int SENTINELS = 5;

    @TempDir
    Path dir;

    @Test
    void randomRequestsNeverBreakTheNode() throws Exception {
        fuzz(Integer.getInteger("muninn.fuzz.cases", 600));
    }

    @Test
    @Tag("soak")
    void soak() throws Exception {
        fuzz(Integer.getInteger("muninn.fuzz.cases", 20_000));
    }

    private void fuzz(int cases) throws Exception {
        long seed = Long.getLong("muninn.fuzz.seed", System.nanoTime());
        System.out.println("HttpFuzzIT seed=" + seed + " cases=" + cases + " (-Dmuninn.fuzz.seed=" + seed
                + " replays)");
        NodeProcess node = new NodeProcess("http://127.0.0.1:18570", dir.resolve("node"))
                .withSetting("Limits.RequestBodyTimeoutInSec", "5").start();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        try {
            assertThat(send(http, "PUT", node.url() + "/admin/databases?replicationFactor=1",
                    "{\"DatabaseName\":\"" + DATABASE + "\"}").statusCode()).isEqualTo(201);
            for (int i = 1; i <= SENTINELS; i++) {
                assertThat(send(http, "PUT", sentinelUrl(node, i), sentinel(i)).statusCode()).isEqualTo(201);
            }
            FuzzInputs inputs = new FuzzInputs(new Random(seed));
            List<long[]> hiLoRanges = new ArrayList<>();
            java.util.TreeMap<Integer, Integer> statuses = new java.util.TreeMap<>();
            for (int n = 0; n < cases; n++) {
                FuzzCase fuzzCase = inputs.next(DATABASE);
                String before = state(http, node);
                HttpResponse<String> answer = sendCase(http, node, fuzzCase);
                String where = "case " + n + " (seed " + seed + "): " + fuzzCase.describe() + "\n -> "
                        + (answer == null ? "no answer" : answer.statusCode() + " " + abbreviate(answer.body()));
                assertThat(answer).as(where).isNotNull();
                statuses.merge(answer.statusCode(), 1, Integer::sum);
                checkAnswer(answer, where);
                if (answer.statusCode() >= 400) {
                    assertThat(state(http, node)).as("a refused request changed nothing: " + where).isEqualTo(before);
                }
                recordHiLo(fuzzCase, answer, hiLoRanges, where);
                assertSentinelsIntact(http, node, where);
            }
            System.out.println("HttpFuzzIT answers by status: " + statuses + ", HiLo ranges: " + hiLoRanges.size());
            assertThat(statuses.keySet()).as("the cases reach both success and refusal").contains(200, 400);
            assertThat(node.log()).as("no request made the node fail").doesNotContain("event=request-failed")
                    .doesNotContain("Terminating due to");
        } finally {
            node.kill();
        }
    }

    private static HttpResponse<String> sendCase(HttpClient http, NodeProcess node, FuzzCase fuzzCase)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.url() + uriSafe(fuzzCase.path())))
                .timeout(Duration.ofSeconds(30)).method(fuzzCase.method(), fuzzCase.body() == null
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(fuzzCase.body()));
        fuzzCase.headers().forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (java.net.http.HttpTimeoutException e) {
            return null;
        } catch (java.io.IOException e) {
            // The node closed the connection on purpose (a 413 or 408 mid-body): it must still answer the next.
            return send(http, "GET", node.url() + "/build/version", null);
        }
    }

    /** Client mistakes are 4xx with a JSON error; 5xx only for what is not the client's fault. */
    private static void checkAnswer(HttpResponse<String> answer, String where) throws Exception {
        int status = answer.statusCode();
        if (status >= 500) {
            JsonNode error = JSON.readTree(answer.body());
            assertThat(error.path("Type").asText()).as("a 5xx must be the node's or the cluster's state, not bad "
                    + "input: " + where).containsAnyOf("DatabaseDoesNotExist", "ServerLoadFailure",
                    "DatabaseLoadFailure", "RavenTimeoutException", "NoLeader", "NotSupportedException");
        }
        if (status >= 400 && status != 404 && status != 405) {
            JsonNode error = JSON.readTree(answer.body());
            assertThat(error.isObject()).as(where).isTrue();
            assertThat(error.path("Message").asText()).as("an error says what is wrong: " + where).isNotBlank();
            assertThat(answer.body()).as(where).doesNotContain("\tat ");
        }
    }

    private static void recordHiLo(FuzzCase fuzzCase, HttpResponse<String> answer, List<long[]> ranges, String where)
            throws Exception {
        if (fuzzCase.path().contains("/hilo/return?tag=fuzz&") && answer.statusCode() < 300) {
            // A returned range's unused end [last + 1, end] may be handed out again: that is what returning is for.
            java.util.regex.Matcher numbers = java.util.regex.Pattern.compile("end=(\\d+)&last=(\\d+)$")
                    .matcher(fuzzCase.path());
            if (numbers.find()) {
                long end = Long.parseLong(numbers.group(1));
                long last = Long.parseLong(numbers.group(2));
                ranges.forEach(range -> {
                    if (range[1] == end) {
                        range[1] = Math.min(range[1], last);
                    }
                });
            }
            return;
        }
        if (!fuzzCase.path().contains("/hilo/next?tag=fuzz&") || answer.statusCode() >= 300) {
            return;
        }
        JsonNode range = JSON.readTree(answer.body());
        long low = range.path("Low").asLong();
        long high = range.path("High").asLong();
        assertThat(low).as(where).isPositive().isLessThanOrEqualTo(high);
        for (long[] earlier : ranges) {
            assertThat(high < earlier[0] || low > earlier[1]).as("HiLo ranges never overlap: [" + low + ", " + high
                    + "] and [" + earlier[0] + ", " + earlier[1] + "]: " + where).isTrue();
        }
        ranges.add(new long[] {low, high});
    }

    private static void assertSentinelsIntact(HttpClient http, NodeProcess node, String where) throws Exception {
        for (int i = 1; i <= SENTINELS; i++) {
            HttpResponse<String> answer = send(http, "GET", sentinelUrl(node, i), null);
            assertThat(answer.statusCode()).as("the node answers and sentinel " + i + " is there after " + where)
                    .isEqualTo(200);
            JsonNode stored = JSON.readTree(answer.body()).path("Results").path(0);
            assertThat(stored.path("Value").asText()).as(where).isEqualTo("sentinel " + i);
        }
    }

    /** What a refused request must not change: the database's change vector and counts. */
    private static String state(HttpClient http, NodeProcess node) throws Exception {
        JsonNode stats = JSON.readTree(send(http, "GET", node.url() + "/databases/" + DATABASE + "/stats", null)
                .body());
        return stats.path("DatabaseChangeVector").asText() + " docs=" + stats.path("CountOfDocuments").asLong()
                + " tombstones=" + stats.path("CountOfTombstones").asLong() + " attachments="
                + stats.path("CountOfAttachments").asLong();
    }

    private static String sentinelUrl(NodeProcess node, int i) {
        return node.url() + "/databases/" + DATABASE + "/docs?id=" + FuzzInputs.SENTINEL_PREFIX + i;
    }

    private static String sentinel(int i) {
        return "{\"Value\":\"sentinel " + i + "\",\"@metadata\":{\"@collection\":\"Sentinels\"}}";
    }

    /** Percent-encodes what a URI may not hold as such (spaces, '|', control characters); keeps '%' escapes. */
    static String uriSafe(String path) {
        StringBuilder safe = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean allowed = c > 0x20 && c < 0x7f && "\"<>\\^`{|}".indexOf(c) < 0;
            if (allowed) {
                safe.append((char) c);
            } else {
                safe.append('%').append(String.format("%02X", c));
            }
        }
        return safe.toString();
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() <= 400 ? text : text.substring(0, 400) + "...";
    }

}
