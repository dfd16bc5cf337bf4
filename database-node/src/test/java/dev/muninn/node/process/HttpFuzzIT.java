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
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.muninn.node.process.fuzz.FuzzCase;
import dev.muninn.node.process.fuzz.FuzzInputs;
import dev.muninn.node.process.fuzz.KnownFindings;

/**
 * The fuzzing tier (issue 15): random requests over the RavenDB surface against one real node, and after each one
 * the node must still answer, a client mistake must get a JSON error (never a 500, a page or a dropped connection), a
 * refused request must have changed nothing, and the invariants of {@link FuzzInvariants} must hold.
 *
 * <p>Generation is seeded {@link Random} rather than jqwik: the cases run in sequence against one node whose state
 * each of them changes, so a failure is reproduced by replaying the sequence (the seed), not by shrinking one case
 * on its own. The seed is printed; {@code -Dmuninn.fuzz.seed=} replays a run and {@code -Dmuninn.fuzz.cases=} sets
 * its length. CI runs a bounded set (about a minute); the {@code soak} run is long.
 */
@Tag("process")
class HttpFuzzIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DATABASE = "fuzz";
    /** Its own loopback address, so that the tier runs beside other engineers' process tests. */
    private static final String URL = "http://127.0.0.77:18771";
    /** Longer than the node's longest deliberate wait (a replication long poll, capped at 30 s). */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(45);
    /** How often (in cases) every id is listed: a full listing costs more than a case. */
    private static final int LIST_EVERY = 100;
    /** 5xx answers that are the node's state rather than the request's fault, as RavenDB answers them. */
    private static final Set<String> SERVER_SIDE_TYPES = Set.of(
            "Raven.Client.Exceptions.Database.DatabaseDoesNotExistException", // 503: a database that is not there
            "Raven.Client.Exceptions.Database.DatabaseLoadFailureException", // 503: one a case created disabled
            "System.NotSupportedException"); // 501: a RavenDB operation Muninn does not have yet (issue 20)

    @TempDir
    Path dir;

    @Test
    void randomRequestsNeverBreakTheNode() throws Exception {
        fuzz(Integer.getInteger("muninn.fuzz.cases", 7000));
    }

    @Test
    @Tag("soak")
    void soak() throws Exception {
        fuzz(Integer.getInteger("muninn.fuzz.cases", 100_000));
    }

    private void fuzz(int cases) throws Exception {
        long seed = Long.getLong("muninn.fuzz.seed", System.nanoTime());
        System.out.println("HttpFuzzIT seed=" + seed + " cases=" + cases + " (-Dmuninn.fuzz.seed=" + seed
                + " replays)");
        NodeProcess node = new NodeProcess(URL, dir.resolve("node"))
                .withSetting("Limits.RequestBodyTimeoutInSec", "5")
                // One client sends one request at a time: with so few slots, a request that never gives its slot (or
                // its bytes of body) back makes the node refuse everything within a few cases, and the liveness check
                // fails there rather than never.
                .withSetting("Limits.MaxConcurrentRequests", "8")
                .withSetting("Limits.MaxRequestBodiesInFlightInMb", "8").start();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        long started = System.nanoTime();
        // The node's working directory is the module's: nothing a request makes it write may land there.
        Set<String> workingDirectory = listing(Path.of(""));
        try {
            assertThat(send(http, "PUT", URL + "/admin/databases?replicationFactor=1",
                    "{\"DatabaseName\":\"" + DATABASE + "\"}").statusCode()).isEqualTo(201);
            FuzzInvariants invariants = new FuzzInvariants(http, URL, DATABASE);
            invariants.writeSentinels();
            FuzzInputs inputs = new FuzzInputs(new Random(seed));
            Map<Integer, Integer> statuses = new TreeMap<>();
            Map<String, Integer> skipped = new TreeMap<>();
            for (int n = 0; n < cases; n++) {
                FuzzCase fuzzCase = inputs.next(DATABASE);
                Optional<KnownFindings.Finding> known = KnownFindings.hitBy(fuzzCase);
                if (known.isPresent()) {
                    skipped.merge(known.get().name(), 1, Integer::sum);
                    continue;
                }
                String before = invariants.state(fuzzCase);
                String where = "case " + n + " (seed " + seed + "): " + fuzzCase.describe();
                HttpResponse<String> answer = sendCase(http, fuzzCase, where);
                where += "\n -> " + answer.statusCode() + " " + abbreviate(answer.body());
                statuses.merge(answer.statusCode(), 1, Integer::sum);
                checkAnswer(fuzzCase, answer, where);
                awaitOperation(http, answer, where);
                if (answer.statusCode() >= 400) {
                    assertThat(invariants.state(fuzzCase)).as("a refused request changed nothing: " + where)
                            .isEqualTo(before);
                }
                invariants.assertAlive(where);
                invariants.recordHiLo(fuzzCase, answer, where);
                invariants.assertSentinelsIntact(where);
                invariants.assertMonotonic(where);
                if (n % LIST_EVERY == 0) {
                    invariants.assertIdsUnique(where);
                }
            }
            invariants.assertIdsUnique("the end of the run");
            System.out.printf("HttpFuzzIT %d cases in %.1f s; answers by status: %s; HiLo ranges: %d; known findings "
                    + "skipped: %s%n", cases, (System.nanoTime() - started) / 1e9, statuses,
                    invariants.hiLoRangesChecked(), skipped);
            assertThat(statuses.keySet()).as("the cases reach both success and refusal").contains(200, 400);
            assertThat(listing(Path.of(""))).as("the node wrote nothing outside its data directory")
                    .isEqualTo(workingDirectory);
            assertThat(node.log()).as("no request made the node fail").doesNotContain("event=request-failed")
                    .doesNotContain("Terminating due to");
        } finally {
            node.kill();
        }
    }

    /** The node's answer; no answer at all (a dropped connection, a timeout) fails the case. */
    private static HttpResponse<String> sendCase(HttpClient http, FuzzCase fuzzCase, String where) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(URL + fuzzCase.uri()))
                .timeout(ANSWER_WITHIN).method(fuzzCase.method(), fuzzCase.body() == null
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(fuzzCase.body()));
        fuzzCase.headers().forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            // Every body is small and sent at once, so neither the 413 nor the 408 (which close the connection after
            // their answer) can be the reason: a request without an answer is a finding.
            throw new AssertionError("no answer (" + e + "): " + where, e);
        }
    }

    /**
     * A case that started an operation (a patch or delete by query) is over when the operation is: it writes after
     * its answer, and the next case's "a refused request changed nothing" must not see its writes.
     */
    private static void awaitOperation(HttpClient http, HttpResponse<String> answer, String where) throws Exception {
        if (answer.statusCode() != 200 || !answer.body().contains("\"OperationId\"")) {
            return;
        }
        long id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body()).path("OperationId")
                .asLong();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> state = http.send(HttpRequest.newBuilder(URI.create(URL + "/databases/" + DATABASE
                    + "/operations/state?id=" + id)).build(), HttpResponse.BodyHandlers.ofString());
            if (state.statusCode() != 200 || !state.body().contains("\"InProgress\"")) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("operation " + id + " still in progress after 30 s: " + where);
    }

    /** The node's quarkus.http.limits.max-initial-line-length. */
    private static final int MAX_REQUEST_LINE = 16_384;

    /** Client mistakes are 4xx with a JSON error; 5xx only for what is not the client's fault. */
    private static void checkAnswer(FuzzCase fuzzCase, HttpResponse<String> answer, String where) throws Exception {
        int status = answer.statusCode();
        String body = answer.body();
        if (status == 414 && fuzzCase.method().length() + 1 + fuzzCase.uri().length() + " HTTP/1.1".length()
                > MAX_REQUEST_LINE) {
            // The HTTP codec answers a request line over quarkus.http.limits.max-initial-line-length before any
            // handler of the node runs, with HTTP's own status and no body (documented in docs/SETTINGS.md).
            return;
        }
        if (status == 404 && body.isEmpty()) {
            return; // RavenDB's answer for a document, attachment or value that is not there: the client expects it
        }
        if (fuzzCase.method().equals("HEAD")) {
            // No body to judge: a 5xx may only be what SERVER_SIDE_TYPES allow, a route Muninn does not have yet (501)
            // or a database that is not there (503).
            assertThat(status < 500 || status == 501
                    || status == 503 && !fuzzCase.path().startsWith("/databases/" + DATABASE + "/"))
                    .as("a HEAD gets no 5xx for bad input: " + where).isTrue();
            return;
        }
        if (status < 400 && answer.headers().firstValue("Content-Type").orElse("").contains("jsonl")) {
            for (String line : body.split("\n")) {
                parse(line, where); // JSON lines: each line is one JSON value
            }
            return;
        }
        if (status >= 400 || isJson(answer) && !body.isEmpty()) {
            assertThat(body).as("a body that is JSON: " + where).isNotBlank();
            JsonNode parsed = parse(body, where);
            if (status >= 400) {
                assertThat(parsed.isObject()).as("an error is a JSON object: " + where).isTrue();
                assertThat(parsed.path("Message").asText()).as("an error says what is wrong: " + where).isNotBlank();
                assertThat(parsed.path("Type").asText()).as("an error has a RavenDB type: " + where).isNotBlank();
                assertThat(body).as("no stack trace: " + where).doesNotContain("\tat ").doesNotContain("\\tat ");
            }
        }
        if (status >= 500) {
            String type = parse(body, where).path("Type").asText();
            assertThat(type).as("a 5xx is the node's state, not bad input: " + where).isIn(SERVER_SIDE_TYPES);
            if (type.startsWith("Raven.Client.Exceptions.Database.")) {
                assertThat(fuzzCase.path()).as("the fuzzed database exists and is enabled: " + where)
                        .doesNotStartWith("/databases/" + DATABASE + "/");
            }
        }
    }

    private static Set<String> listing(Path directory) throws java.io.IOException {
        try (var entries = java.nio.file.Files.list(directory)) {
            return entries.map(entry -> entry.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
        }
    }

    private static JsonNode parse(String body, String where) {
        try {
            return JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // The body around the place the parser stopped, which the abbreviated answer may not show.
            int at = (int) Math.max(0, e.getLocation() == null ? 0 : e.getLocation().getCharOffset());
            String around = body.substring(Math.max(0, at - 300), Math.min(body.length(), at + 100));
            throw new AssertionError("a body that is JSON (" + e.getOriginalMessage() + " at " + at + ": ..." + around
                    + "...): " + where, e);
        }
    }

    private static boolean isJson(HttpResponse<String> answer) {
        return answer.headers().firstValue("Content-Type").orElse("").contains("json");
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() <= 400 ? text : text.substring(0, 400) + "...";
    }
}
