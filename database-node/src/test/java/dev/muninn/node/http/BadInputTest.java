package dev.muninn.node.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.muninn.node.http.ClientFixture.User;
import io.quarkus.test.junit.QuarkusTest;
import net.ravendb.client.documents.operations.DatabaseStatistics;
import net.ravendb.client.documents.operations.GetStatisticsOperation;
import net.ravendb.client.documents.session.IDocumentSession;
import net.ravendb.client.exceptions.InvalidQueryException;
import net.ravendb.client.exceptions.documents.DocumentCollectionMismatchException;

/** Bad input gets a RavenDB-style JSON error with the right status and type, and changes nothing. */
@QuarkusTest
class BadInputTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    ClientFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ClientFixture();
        try (IDocumentSession session = fixture.store().openSession()) {
            session.store(new User("Existing", 1), "users/existing");
            session.saveChanges();
        }
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    record Answer(int status, JsonNode body, HttpResponse<String> raw) {
        String type() {
            return body.path("Type").asText();
        }
    }

    Answer send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ClientFixture.URL + path))
                .header("Content-Type", "application/json; charset=UTF-8");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.headers().firstValue("Content-Type").orElse("")).as("errors are JSON, not pages")
                .contains("json");
        JsonNode parsed = JSON.readTree(response.body());
        assertThat(parsed.isObject()).isTrue();
        assertThat(response.body()).doesNotContain("\tat ").doesNotContain("Exception:\n");
        return new Answer(response.statusCode(), parsed, response);
    }

    String db(String rest) {
        return "/databases/" + fixture.database() + rest;
    }

    DatabaseStatistics stats() {
        return fixture.store().maintenance().send(new GetStatisticsOperation());
    }

    void assertUnchanged(DatabaseStatistics before) {
        DatabaseStatistics after = stats();
        assertThat(after.getLastDocEtag()).isEqualTo(before.getLastDocEtag());
        assertThat(after.getCountOfDocuments()).isEqualTo(before.getCountOfDocuments());
    }

    @Test
    void malformedJsonBatch() throws Exception {
        DatabaseStatistics before = stats();
        Answer answer = send("POST", db("/bulk_docs"), "{\"Commands\":[{\"Type\":\"PUT\",\"Id\":\"x\",");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.type()).isEqualTo("Raven.Client.Exceptions.BadRequestException");
        assertThat(answer.body().path("Message").asText()).contains("Malformed JSON");
        assertUnchanged(before);
    }

    @Test
    void unknownCommandTypeRejectsTheWholeBatch() throws Exception {
        DatabaseStatistics before = stats();
        Answer answer = send("POST", db("/bulk_docs"), "{\"Commands\":["
                + "{\"Type\":\"PUT\",\"Id\":\"users/new\",\"Document\":{\"name\":\"n\"}},"
                + "{\"Type\":\"Frobnicate\",\"Id\":\"users/existing\"}]}");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.type()).isEqualTo("Raven.Client.Exceptions.BadRequestException");
        assertThat(answer.body().path("Message").asText()).contains("Frobnicate");
        assertUnchanged(before);
    }

    @Test
    void badIdInTheMiddleOfABatchWritesNothing() throws Exception {
        DatabaseStatistics before = stats();
        Answer answer = send("POST", db("/bulk_docs"), "{\"Commands\":["
                + "{\"Type\":\"PUT\",\"Id\":\"users/ok\",\"Document\":{\"name\":\"ok\"}},"
                + "{\"Type\":\"PUT\",\"Id\":\"bad\\u0007id\",\"Document\":{\"name\":\"bad\"}}]}");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().path("Message").asText()).contains("control character");
        assertUnchanged(before);
    }

    @Test
    void documentOverTheSizeLimit() throws Exception {
        DatabaseStatistics before = stats();
        String big = "x".repeat(1024 * 1024 + 10);
        Answer answer = send("POST", db("/bulk_docs"), "{\"Commands\":[{\"Type\":\"PUT\",\"Id\":\"big\","
                + "\"Document\":{\"blob\":\"" + big + "\"}}]}");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().path("Message").asText()).contains("Limits.MaxDocumentSizeInMb");
        assertUnchanged(before);
    }

    @Test
    void documentThatIsNotAnObject() throws Exception {
        Answer answer = send("POST", db("/bulk_docs"), "{\"Commands\":[{\"Type\":\"PUT\",\"Id\":\"a\",\"Document\":[1]}]}");
        assertThat(answer.status()).isEqualTo(400);
        Answer notObject = send("POST", db("/bulk_docs"), "[1,2]");
        assertThat(notObject.status()).isEqualTo(400);
        Answer empty = send("POST", db("/bulk_docs"), "");
        assertThat(empty.status()).isEqualTo(400);
    }

    @Test
    void unknownDatabase() throws Exception {
        Answer answer = send("GET", "/databases/nope-" + System.nanoTime() + "/docs?id=a", null);
        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.raw().headers().firstValue("Database-Missing")).isPresent();
        assertThat(answer.type()).isEqualTo("Raven.Client.Exceptions.Database.DatabaseDoesNotExistException");
        Answer topology = send("GET", "/topology?name=nope", null);
        assertThat(topology.status()).isEqualTo(503);
    }

    @Test
    void unsupportedRql() throws Exception {
        Answer answer = send("POST", db("/queries"), "{\"Query\":\"from index 'Users/ByName'\"}");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.type()).isEqualTo("Raven.Client.Exceptions.InvalidQueryException");
        Answer garbage = send("POST", db("/queries"), "{\"Query\":\"from Users where (((\"}");
        assertThat(garbage.status()).isEqualTo(400);
        Answer missingParam = send("POST", db("/queries"), "{\"Query\":\"from Users where name = $nope\"}");
        assertThat(missingParam.status()).isEqualTo(400);
        try (IDocumentSession session = fixture.store().openSession()) {
            assertThatThrownBy(() -> session.advanced().rawQuery(User.class, "from Users group by name").toList())
                    .isInstanceOf(InvalidQueryException.class);
        }
    }

    /** Issue 20: a RavenDB operation this node lacks says so, through the official client too. */
    @Test
    void ravenRoutesMuninnLacksSaySoClearly() throws Exception {
        Answer timeSeries = send("POST", db("/timeseries?docId=users/existing"), "{\"Name\":\"x\"}");
        assertThat(timeSeries.status()).isEqualTo(501);
        assertThat(timeSeries.body().path("Message").asText()).contains("'/timeseries' is a RavenDB operation that "
                + "Muninn does not support yet");
        assertThat(send("GET", "/admin/indexes?name=x", null).status()).isEqualTo(501);
        assertThat(send("GET", db("/not-a-raven-route"), null).status()).as("anything else: no such route")
                .isEqualTo(400);
        assertThatThrownBy(() -> fixture.store().maintenance().send(
                new net.ravendb.client.documents.operations.GetDetailedCollectionStatisticsOperation()))
                .hasMessageContaining("does not support yet");
    }

    @Test
    void unknownRouteAndBadDatabaseNames() throws Exception {
        Answer route = send("GET", "/no/such/route", null);
        assertThat(route.status()).isEqualTo(400);
        assertThat(route.type()).isEqualTo("Raven.Client.Exceptions.Routing.RouteNotFoundException");
        Answer badName = send("PUT", "/admin/databases?name=bad%20name", "{\"DatabaseName\":\"bad name\"}");
        assertThat(badName.status()).isEqualTo(400);
        String retried = "/admin/databases?name=" + fixture.database() + "-r&raft-request-id=rq-" + System.nanoTime();
        assertThat(send("PUT", retried, "{}").status()).isEqualTo(201);
        assertThat(send("PUT", retried, "{}").status()).as("same raft-request-id: the first outcome").isEqualTo(201);
        assertThat(send("DELETE", "/admin/databases", "{\"DatabaseNames\":[\"" + fixture.database() + "-r\"],"
                + "\"HardDelete\":true}").status()).isEqualTo(200);
        Answer exists = send("PUT", "/admin/databases?name=" + fixture.database(),
                "{\"DatabaseName\":\"" + fixture.database() + "\"}");
        assertThat(exists.status()).isEqualTo(409);
        assertThat(exists.type()).isEqualTo("Raven.Client.Exceptions.ConcurrencyException");
    }

    @Test
    void aQueryParameterThatIsNotANumberIsNamed() throws Exception {
        Answer notANumber = send("GET", db("/docs?startsWith=users/&start=abc"), null);
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.type()).isEqualTo("Raven.Client.Exceptions.BadRequestException");
        assertThat(notANumber.body().path("Message").asText())
                .isEqualTo("Query string parameter 'start' must be a whole number between -2147483648 and 2147483647, "
                        + "got 'abc'");
        Answer tooLarge = send("GET", db("/docs?startsWith=users/&pageSize=9223372036854775807"), null);
        assertThat(tooLarge.status()).isEqualTo(400);
        assertThat(tooLarge.body().path("Message").asText()).startsWith("Query string parameter 'pageSize' must be");
        assertThat(send("GET", "/no/such/route?start=abc", null).type()).as("a route that does not exist still says so")
                .isEqualTo("Raven.Client.Exceptions.Routing.RouteNotFoundException");
    }

    /**
     * Before, replication/batch stored any body (a non-object one then broke reads with a cut-off 200) and any change
     * vector, including one claiming etags of this database it never wrote.
     */
    @Test
    void replicationItemsAreCheckedBeforeAnythingIsStored() throws Exception {
        DatabaseStatistics stats = fixture.store().maintenance().send(new GetStatisticsOperation());
        String ownId = stats.getDatabaseId();
        String good = "{\"@metadata\":{\"@collection\":\"Forged\"}}";
        String[][] cases = {
            {"{\"Items\":{}}", "must be an array"},
            {"{\"Items\":[42]}", "must be a JSON object"},
            {"{\"Items\":[{\"Id\":\"forged/1\",\"ChangeVector\":\"X:1-abc\",\"Body\":[1,2]}]}", "Body must be"},
            {"{\"Items\":[{\"Id\":\"forged/1\",\"ChangeVector\":\"X:1-abc\",\"Body\":\"text\"}]}", "Body must be"},
            {"{\"Items\":[{\"Id\":\"forged/1\",\"ChangeVector\":\"garbage\",\"Body\":" + good + "}]}",
                "Invalid change vector"},
            {"{\"Items\":[{\"Id\":\"forged/1\",\"ChangeVector\":\"X:0-abc\",\"Body\":" + good + "}]}",
                "positive etag"},
            {"{\"Items\":[{\"Id\":\"forged/1\",\"Body\":" + good + "}]}", "ChangeVector"},
            {"{\"Items\":[{\"Id\":\"\",\"ChangeVector\":\"X:1-abc\",\"Body\":" + good + "}]}", "Id"},
            {"{\"Items\":[{\"Id\":\"forged/1\",\"ChangeVector\":\"X:1-abc\",\"Flags\":\"x\",\"Body\":" + good
                + "}]}", "Flags"},
            {"{\"Items\":[{\"Id\":\"forged/1\",\"ChangeVector\":\"A:999999999-" + ownId + "\",\"Body\":" + good
                + "}]}", "claims etag 999999999 of this database"},
        };
        for (String[] bad : cases) {
            Answer answer = send("POST", db("/replication/batch?source=forger&lastEtag=1"), bad[0]);
            assertThat(answer.status()).as(bad[0]).isEqualTo(400);
            assertThat(answer.body().path("Message").asText()).as(bad[0]).contains(bad[1]);
        }
        try (IDocumentSession session = fixture.store().openSession()) {
            assertThat(session.load(com.fasterxml.jackson.databind.node.ObjectNode.class, "forged/1")).isNull();
        }
        // The same item with a change vector of another database is a legitimate replicated write.
        Answer accepted = send("POST", db("/replication/batch?source=forger&lastEtag=1"),
                "{\"Items\":[{\"Id\":\"forged/1\",\"Collection\":\"Forged\",\"ChangeVector\":\"X:1-abc\",\"Body\":"
                        + good + "}]}");
        assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(200);
        try (IDocumentSession session = fixture.store().openSession()) {
            assertThat(session.load(com.fasterxml.jackson.databind.node.ObjectNode.class, "forged/1")).isNotNull();
        }
    }

    /** Before, a bad waitForReplicasTimeout answered 400 after the commit: a client that retried wrote twice. */
    @Test
    void batchParametersAreCheckedBeforeAnythingIsWritten() throws Exception {
        String batch = "{\"Commands\":[{\"Type\":\"PUT\",\"Id\":\"early/1\",\"Document\":{\"x\":1,"
                + "\"@metadata\":{\"@collection\":\"Early\"}}}]}";
        for (String query : new String[] {"waitForReplicasTimeout=soon", "waitForReplicasTimeout=-00:00:01",
                "waitForReplicasTimeout=99999999.00:00:00",
                "waitForReplicasTimeout=00:00:01&numberOfReplicasToWaitFor=two",
                "waitForReplicasTimeout=00:00:01&numberOfReplicasToWaitFor=-1",
                "numberOfReplicasToWaitFor=x", "throwOnTimeoutInWaitForReplicas=maybe",
                "disableAtomicDocumentWrites=perhaps"}) {
            Answer answer = send("POST", db("/bulk_docs?" + query), batch);
            assertThat(answer.status()).as(query).isEqualTo(400);
            assertThat(answer.body().path("Message").asText()).as(query).containsAnyOf("waitForReplicasTimeout",
                    "numberOfReplicasToWaitFor", "throwOnTimeoutInWaitForReplicas", "disableAtomicDocumentWrites");
            try (IDocumentSession session = fixture.store().openSession()) {
                assertThat(session.load(com.fasterxml.jackson.databind.node.ObjectNode.class, "early/1")).as(query)
                        .isNull();
            }
        }
    }

    /** 400 kB of gzip that expands past the body limit (64 MB) is refused as it is read, not held in memory. */
    @Test
    void compressedBodiesAreBoundedAfterDecompression() throws Exception {
        long before = fixture.store().maintenance().send(new GetStatisticsOperation()).getCountOfDocuments();
        byte[] bomb = gzip("{\"Commands\":[{\"Type\":\"PUT\",\"Id\":\"bombs/1\",\"Document\":{\"x\":\"", 100 << 20,
                "\"}}]}");
        assertThat(bomb.length).isLessThan(1 << 20);
        for (String path : new String[] {"/bulk_docs", "/attachments?id=users/existing&name=bomb"}) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(ClientFixture.URL + db(path)))
                    .version(HttpClient.Version.HTTP_1_1).header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                    .method(path.startsWith("/bulk") ? "POST" : "PUT", HttpRequest.BodyPublishers.ofByteArray(bomb))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(path).isEqualTo(413);
        }
        // An ordinary compressed batch still goes through.
        byte[] small = gzip("{\"Commands\":[{\"Type\":\"PUT\",\"Id\":\"zipped/1\",\"Document\":{\"x\":\"", 1000,
                "\",\"@metadata\":{\"@collection\":\"Zipped\"}}}]}");
        HttpResponse<String> ok = HTTP.send(HttpRequest.newBuilder(URI.create(ClientFixture.URL + db("/bulk_docs")))
                .version(HttpClient.Version.HTTP_1_1)
                .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(small)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        long after = fixture.store().maintenance().send(new GetStatisticsOperation()).getCountOfDocuments();
        assertThat(after).isEqualTo(before + 1);
    }

    @Test
    void aBodyNotInItsContentEncodingIsRefusedNamingTheEncoding() throws Exception {
        DatabaseStatistics before = stats();
        byte[] plain = "{\"Commands\":[{\"Type\":\"PUT\",\"Id\":\"plain/1\",\"Document\":{}}]}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] gzipped = gzip("{\"Commands\":[{\"Type\":\"PUT\",\"Id\":\"cut/1\",\"Document\":{\"x\":\"", 5000,
                "\"}}]}");
        Object[][] cases = {
                {"gzip", plain, 400, "not valid gzip"},
                {"deflate", plain, 400, "not valid deflate"},
                {"br", plain, 400, "not valid br"},
                {"gzip", java.util.Arrays.copyOf(gzipped, gzipped.length / 2), 400, ""},
                {"nonsense", plain, 415, "'nonsense' is not one the node reads"},
                {"gzip, deflate", plain, 415, "is not one the node reads"}};
        for (Object[] c : cases) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(ClientFixture.URL
                            + db("/bulk_docs"))).version(HttpClient.Version.HTTP_1_1).timeout(java.time.Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").header("Content-Encoding", (String) c[0])
                    .POST(HttpRequest.BodyPublishers.ofByteArray((byte[]) c[1])).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(c[0] + ": " + answer.body()).isEqualTo(c[2]);
            assertThat(JSON.readTree(answer.body()).path("Message").asText()).as((String) c[0]).contains((String) c[3]);
        }
        assertUnchanged(before);
        // What is in its encoding, raw deflate as well as zlib-wrapped, or says it is not encoded, goes through.
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        try (var out = new java.util.zip.DeflaterOutputStream(raw, new java.util.zip.Deflater(6, true))) {
            out.write("{\"Commands\":[{\"Type\":\"PUT\",\"Id\":\"raw/1\",\"Document\":{}}]}".getBytes());
        }
        java.io.ByteArrayOutputStream zlib = new java.io.ByteArrayOutputStream();
        try (var out = new java.util.zip.DeflaterOutputStream(zlib)) {
            out.write("{\"Commands\":[{\"Type\":\"PUT\",\"Id\":\"zlib/1\",\"Document\":{}}]}".getBytes());
        }
        Object[][] good = {{"deflate", raw.toByteArray()}, {"deflate", zlib.toByteArray()}, {"identity", plain},
                {"GZIP", gzipped}};
        for (Object[] c : good) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(ClientFixture.URL
                            + db("/bulk_docs"))).version(HttpClient.Version.HTTP_1_1)
                    .header("Content-Type", "application/json").header("Content-Encoding", (String) c[0])
                    .POST(HttpRequest.BodyPublishers.ofByteArray((byte[]) c[1])).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(c[0] + ": " + answer.body()).isEqualTo(201);
        }
        assertThat(stats().getCountOfDocuments()).isEqualTo(before.getCountOfDocuments() + 4);
    }

    @Test
    void aContentTypeThatIsNotAMediaTypeIsRefusedAndAMissingOneIsOctetStream() throws Exception {
        DatabaseStatistics before = stats();
        for (String type : new String[]{";;", "", "x", "/json"}) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(ClientFixture.URL
                            + db("/bulk_docs"))).version(HttpClient.Version.HTTP_1_1).header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"Commands\":[]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as("'" + type + "': " + answer.body()).isEqualTo(400);
            assertThat(JSON.readTree(answer.body()).path("Message").asText()).contains("is not a media type");
        }
        assertUnchanged(before);
        // Without any Content-Type the body is taken as octet-stream: the JSON batch is read.
        HttpResponse<String> untyped = HTTP.send(HttpRequest.newBuilder(URI.create(ClientFixture.URL
                        + db("/bulk_docs"))).version(HttpClient.Version.HTTP_1_1)
                .POST(HttpRequest.BodyPublishers.ofString("{\"Commands\":[{\"Type\":\"PUT\",\"Id\":\"untyped/1\","
                        + "\"Document\":{}}]}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(untyped.statusCode()).as(untyped.body()).isEqualTo(201);
        // Neither a type nor a body (the fuzzer found a 500 here): the batch is missing, a 400.
        for (String type : new String[]{null, ""}) {
            HttpRequest.Builder empty = HttpRequest.newBuilder(URI.create(ClientFixture.URL + db("/bulk_docs")))
                    .version(HttpClient.Version.HTTP_1_1).POST(HttpRequest.BodyPublishers.noBody());
            if (type != null) {
                empty.header("Content-Type", type);
            }
            HttpResponse<String> answer = HTTP.send(empty.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as("'" + type + "': " + answer.body()).isEqualTo(400);
        }
    }

    @Test
    void anAttachmentContentTypeThatIsNotAMediaTypeIsRefusedBeforeItIsStored() throws Exception {
        for (String type : new String[]{"x", "%00", "a%2F"}) {
            Answer answer = send("PUT", db("/attachments?id=users/existing&name=f&contentType=" + type), "abc");
            assertThat(answer.status()).as(type).isEqualTo(400);
            assertThat(answer.body().path("Message").asText()).contains("is not a media type");
        }
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(ClientFixture.URL
                + db("/attachments?id=users/existing&name=f"))).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(404);
        assertThat(send("PUT", db("/attachments?id=users/existing&name=f&contentType=text%2Fplain"), "abc").status())
                .isEqualTo(201);
        HttpResponse<String> read = HTTP.send(HttpRequest.newBuilder(URI.create(ClientFixture.URL
                + db("/attachments?id=users/existing&name=f"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/plain"));
        assertThat(read.body()).isEqualTo("abc");
    }

    @Test
    void documentsNestAtMost900DeepSoThatEveryAnswerWrappingThemCanBeWritten() throws Exception {
        String deepest = "{\"a\":".repeat(900) + "1" + "}".repeat(900);
        assertThat(send("PUT", db("/docs?id=deep/900"), deepest).status()).isEqualTo(201);
        // Read back inside the answers that wrap it: a load, a query.
        for (String read : new String[]{"/docs?id=deep/900", "/docs?id=deep/900&id=users/existing"}) {
            Answer answer = send("GET", db(read), null);
            assertThat(answer.status()).as(read).isEqualTo(200);
            assertThat(answer.body().path("Results").get(0).path("a").isObject()).isTrue();
        }
        assertThat(send("POST", db("/queries"), "{\"Query\":\"from @all_docs\"}").status()).isEqualTo(200);
        DatabaseStatistics before = stats();
        Answer tooDeep = send("PUT", db("/docs?id=deep/901"), "{\"a\":".repeat(901) + "1" + "}".repeat(901));
        assertThat(tooDeep.status()).isEqualTo(400);
        assertThat(tooDeep.body().path("Message").asText()).contains("nesting depth");
        Answer deepPatch = send("POST", db("/bulk_docs"), "{\"Commands\":[{\"Type\":\"PATCH\",\"Id\":\"users/existing\","
                + "\"Patch\":{\"Script\":\"var o={}; var c=o; for (var i=0;i<950;i++){c.a={}; c=c.a;} this.x=o;\"}}]}");
        assertThat(deepPatch.status()).isEqualTo(400);
        assertThat(deepPatch.body().path("Message").asText()).contains("nesting depth");
        assertUnchanged(before);
    }

    /** {@code prefix}, {@code fill} times 'a', {@code suffix}, gzipped. */
    static byte[] gzip(String prefix, int fill, String suffix) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(bytes)) {
            out.write(prefix.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            byte[] chunk = new byte[1 << 16];
            java.util.Arrays.fill(chunk, (byte) 'a');
            for (int written = 0; written < fill; written += chunk.length) {
                out.write(chunk, 0, Math.min(chunk.length, fill - written));
            }
            out.write(suffix.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    @Test
    void hiLoRangesNeverWrapAround() throws Exception {
        Answer absurd = send("GET", db("/hilo/next?tag=orders&lastMax=9223372036854775800"), null);
        assertThat(absurd.status()).isEqualTo(400);
        assertThat(absurd.body().path("Message").asText()).contains("exhausted");
        Answer negative = send("GET", db("/hilo/next?tag=orders&lastMax=-5"), null);
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.body().path("Message").asText()).contains("'lastMax' must not be negative");
        Answer range = send("GET", db("/hilo/next?tag=orders"), null);
        assertThat(range.status()).isEqualTo(201);
        assertThat(range.body().path("Low").asLong()).as("the refused requests changed nothing").isEqualTo(1);
        long high = range.body().path("High").asLong();
        Answer pastEnd = send("PUT", db("/hilo/return?tag=orders&end=" + high + "&last=" + (high + 1)), null);
        assertThat(pastEnd.status()).isEqualTo(400);
        Answer next = send("GET", db("/hilo/next?tag=orders"), null);
        assertThat(next.body().path("Low").asLong()).isEqualTo(high + 1);
    }

    @Test
    void changingACollectionIsRefused() {
        try (IDocumentSession session = fixture.store().openSession()) {
            session.store(new ClientFixture.Company("C"), "users/existing");
            assertThatThrownBy(session::saveChanges).isInstanceOf(DocumentCollectionMismatchException.class);
        }
    }
}
