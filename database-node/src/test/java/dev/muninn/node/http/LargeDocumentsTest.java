package dev.muninn.node.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import net.ravendb.client.documents.operations.attachments.CloseableAttachmentResult;
import net.ravendb.client.documents.operations.revisions.ConfigureRevisionsOperation;
import net.ravendb.client.documents.operations.revisions.RevisionsCollectionConfiguration;
import net.ravendb.client.documents.operations.revisions.RevisionsConfiguration;
import net.ravendb.client.documents.session.IDocumentSession;
import net.ravendb.client.exceptions.RavenException;

/**
 * Documents up to Limits.MaxDocumentSizeInMb (32, the default) through the official client and raw HTTP: past a
 * Xodus log file (8 MB), they used to fail with a 500 (ADR 0034).
 */
@QuarkusTest
@TestProfile(LargeDocumentsTest.DefaultLimit.class)
class LargeDocumentsTest extends ClientTestBase {
    /** Without Jackson's default cap of 20 M characters per string (the node has none either). */
    private static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE).build()).build());
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int MB = 1 << 20;

    /** The tests' profile lowers the limit to 1 MB; these run at the default. */
    public static class DefaultLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("Limits.MaxDocumentSizeInMb", "32");
        }
    }

    /**
     * An entity with a large field. The official client re-reads each document it sends with Jackson's default
     * limits, which refuse a string of more than 20 M characters: a large entity through the client is made of
     * several smaller strings (raw HTTP below sends single strings as large as the limit).
     */
    public static class Blob {
        private String name;
        private List<String> data;

        public Blob() {
        }

        Blob(String name, String data) {
            this.name = name;
            this.data = new java.util.ArrayList<>();
            for (int start = 0; start < data.length(); start += 4 * MB) {
                this.data.add(data.substring(start, Math.min(data.length(), start + 4 * MB)));
            }
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public List<String> getData() {
            return data;
        }

        public void setData(List<String> data) {
            this.data = data;
        }

        String joined() {
            return String.join("", data);
        }
    }

    /** Letters that differ along the string, so a piece out of place shows. */
    private static String data(int size, long seed) {
        Random random = new Random(seed);
        char[] chars = new char[size];
        for (int i = 0; i < size; i++) {
            chars[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(chars);
    }

    private void store(String id, Blob blob) {
        try (IDocumentSession session = fixture.store().openSession()) {
            session.store(blob, id);
            session.saveChanges();
        }
    }

    private Blob load(String id) {
        try (IDocumentSession session = fixture.store().openSession()) {
            return session.load(Blob.class, id);
        }
    }

    @Test
    void aTwentyMegabyteDocumentIsStoredLoadedQueriedAndPatched() throws Exception {
        String big = data(20 * MB, 1);
        store("blobs/1", new Blob("big", big));
        store("blobs/2", new Blob("small", "x"));

        Blob loaded = load("blobs/1"); // the hot load route
        assertThat(loaded.getName()).isEqualTo("big");
        assertThat(loaded.joined().equals(big)).as("the 20 MB field read back").isTrue();

        HttpResponse<byte[]> raw = HTTP.send(HttpRequest.newBuilder(URI.create(ClientFixture.URL + "/databases/"
                + fixture.database() + "/docs?id=blobs/1&id=blobs/2")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(raw.statusCode()).isEqualTo(200);
        JsonNode results = JSON.readTree(raw.body()).path("Results");
        StringBuilder parts = new StringBuilder();
        results.get(0).path("data").forEach(part -> parts.append(part.asText()));
        assertThat(parts.toString().equals(big)).isTrue();
        assertThat(results.get(1).path("name").asText()).isEqualTo("small");

        try (IDocumentSession session = fixture.store().openSession()) {
            List<Blob> found = session.query(Blob.class).whereEquals("name", "big").toList();
            assertThat(found).hasSize(1);
            assertThat(found.get(0).joined().length()).isEqualTo(20 * MB);
        }

        try (IDocumentSession session = fixture.store().openSession()) {
            session.advanced().patch("blobs/1", "name", "patched");
            session.saveChanges();
        }
        Blob patched = load("blobs/1");
        assertThat(patched.getName()).isEqualTo("patched");
        assertThat(patched.joined().equals(big)).isTrue();

        store("blobs/1", new Blob("small now", "y"));
        assertThat(load("blobs/1").joined()).isEqualTo("y");
        String bigger = data(31 * MB, 2);
        store("blobs/1", new Blob("large again", bigger));
        assertThat(load("blobs/1").joined().equals(bigger)).isTrue();
        try (IDocumentSession session = fixture.store().openSession()) {
            session.delete("blobs/1");
            session.saveChanges();
        }
        assertThat(load("blobs/1")).isNull();
    }

    @Test
    void aDocumentWithOneStringNearTheLimitThroughRawHttp() throws Exception {
        String big = data(31 * MB, 7);
        String url = ClientFixture.URL + "/databases/" + fixture.database() + "/docs?id=raw/1";
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"data\":\"" + big + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        HttpResponse<byte[]> get = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(get.body()).path("Results").get(0).path("data").asText().equals(big)).isTrue();

        HttpResponse<String> patch = HTTP.send(HttpRequest.newBuilder(URI.create(ClientFixture.URL + "/databases/"
                        + fixture.database() + "/bulk_docs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"Commands\":[{\"Type\":\"PATCH\",\"Id\":\"raw/1\","
                        + "\"Patch\":{\"Script\":\"this.name = 'patched'\",\"Values\":{}}}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(patch.statusCode()).as(patch.body()).isEqualTo(201);
        JsonNode patched = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body()).path("Results").get(0);
        assertThat(patched.path("name").asText()).isEqualTo("patched");
        assertThat(patched.path("data").asText().equals(big)).isTrue();
    }

    @Test
    void largeDocumentsKeepTheirRevisions() {
        RevisionsCollectionConfiguration blobs = new RevisionsCollectionConfiguration();
        blobs.setMinimumRevisionsToKeep(5L);
        RevisionsConfiguration configuration = new RevisionsConfiguration();
        configuration.setCollections(Map.of("Blobs", blobs));
        fixture.store().maintenance().send(new ConfigureRevisionsOperation(configuration));
        String v1 = data(12 * MB, 3);
        String v2 = data(9 * MB, 4);
        store("blobs/r", new Blob("v1", v1));
        store("blobs/r", new Blob("v2", v2));
        try (IDocumentSession session = fixture.store().openSession()) {
            List<Blob> revisions = session.advanced().revisions().getFor(Blob.class, "blobs/r");
            assertThat(revisions).extracting(Blob::getName).containsExactly("v2", "v1");
            assertThat(revisions.get(1).joined().equals(v1)).isTrue();
            assertThat(revisions.get(0).joined().equals(v2)).isTrue();
        }
    }

    @Test
    void aLargeAttachmentIsStoredAndReadBack() throws Exception {
        byte[] content = new byte[12 * MB];
        new Random(5).nextBytes(content);
        store("blobs/a", new Blob("with attachment", "x"));
        try (IDocumentSession session = fixture.store().openSession()) {
            session.advanced().attachments().store("blobs/a", "big.bin", new ByteArrayInputStream(content),
                    "application/octet-stream");
            session.saveChanges();
        }
        try (IDocumentSession session = fixture.store().openSession();
             CloseableAttachmentResult attachment = session.advanced().attachments().get("blobs/a", "big.bin")) {
            assertThat(attachment.getData().readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void aDocumentAboveTheLimitGetsAClearBadRequest() throws Exception {
        String tooBig = data(32 * MB + 10, 6);
        assertThatThrownBy(() -> store("blobs/big", new Blob("too big", tooBig)))
                .isInstanceOf(RavenException.class).hasMessageContaining("Limits.MaxDocumentSizeInMb");
        HttpResponse<String> raw = HTTP.send(HttpRequest.newBuilder(URI.create(ClientFixture.URL + "/databases/"
                        + fixture.database() + "/docs?id=blobs/big"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"data\":\"" + tooBig + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(raw.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(raw.body()).path("Message").asText()).contains("Limits.MaxDocumentSizeInMb");
        assertThat(load("blobs/big")).isNull();
    }
}
