package dev.muninn.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.muninn.node.http.ClientFixture.User;
import io.quarkus.test.junit.QuarkusTest;
import net.ravendb.client.documents.operations.revisions.ConfigureRevisionsOperation;
import net.ravendb.client.documents.operations.revisions.RevisionsCollectionConfiguration;
import net.ravendb.client.documents.operations.revisions.RevisionsConfiguration;
import net.ravendb.client.documents.session.IDocumentSession;
import net.ravendb.client.documents.session.IMetadataDictionary;
import net.ravendb.client.serverwide.operations.GetDatabaseRecordOperation;

/** Revisions through the official client: ConfigureRevisionsOperation and the session's revisions API. */
@QuarkusTest
class RevisionsClientTest extends ClientTestBase {

    private void configure(Long keep, boolean purgeOnDelete) {
        RevisionsCollectionConfiguration users = new RevisionsCollectionConfiguration();
        users.setMinimumRevisionsToKeep(keep);
        users.setPurgeOnDelete(purgeOnDelete);
        RevisionsCollectionConfiguration defaults = new RevisionsCollectionConfiguration();
        defaults.setDisabled(true);
        RevisionsConfiguration configuration = new RevisionsConfiguration();
        configuration.setDefaultConfig(defaults);
        configuration.setCollections(Map.of("Users", users));
        fixture.store().maintenance().send(new ConfigureRevisionsOperation(configuration));
    }

    private void save(String id, String name, int age) {
        try (IDocumentSession session = fixture.store().openSession()) {
            session.store(new User(name, age), id);
            session.saveChanges();
        }
    }

    @Test
    void everySaveOfAConfiguredCollectionKeepsARevision() {
        configure(3L, false);
        save("users/1", "v1", 1);
        save("users/1", "v2", 2);
        save("users/1", "v3", 3);
        save("users/1", "v4", 4);
        try (IDocumentSession session = fixture.store().openSession()) {
            session.store(new ClientFixture.Company("no revisions here"), "companies/1");
            session.saveChanges();
        }

        try (IDocumentSession session = fixture.store().openSession()) {
            List<User> revisions = session.advanced().revisions().getFor(User.class, "users/1");
            assertThat(revisions).extracting(User::getName).containsExactly("v4", "v3", "v2");
            assertThat(session.advanced().revisions().getCountFor("users/1")).isEqualTo(3);
            assertThat(session.advanced().revisions().getFor(User.class, "users/1", 1, 1)).extracting(User::getName)
                    .containsExactly("v3");
            List<IMetadataDictionary> metadata = session.advanced().revisions().getMetadataFor("users/1");
            assertThat(metadata).hasSize(3);
            assertThat(metadata.get(0).getString("@flags")).contains("Revision").contains("HasRevisions");
            String changeVector = metadata.get(1).getString("@change-vector");
            assertThat(session.advanced().revisions().get(User.class, changeVector).getName()).isEqualTo("v3");
            assertThat(session.advanced().revisions().getCountFor("companies/1")).isZero();

            User current = session.load(User.class, "users/1");
            assertThat(session.advanced().getMetadataFor(current).getString("@flags")).contains("HasRevisions");
        }
        // The configuration lives in the database record, like every other database setting.
        assertThat(fixture.store().maintenance().server().send(new GetDatabaseRecordOperation(fixture.database()))
                .getRevisions().getCollections().get("Users").getMinimumRevisionsToKeep()).isEqualTo(3L);
    }

    @Test
    void aDeleteLeavesADeleteRevisionUnlessPurgeOnDelete() {
        configure(null, false);
        save("users/2", "a", 1);
        try (IDocumentSession session = fixture.store().openSession()) {
            session.delete("users/2");
            session.saveChanges();
        }
        try (IDocumentSession session = fixture.store().openSession()) {
            List<IMetadataDictionary> metadata = session.advanced().revisions().getMetadataFor("users/2");
            assertThat(metadata).hasSize(2);
            assertThat(metadata.get(0).getString("@flags")).contains("DeleteRevision");
        }
        configure(null, true);
        save("users/3", "b", 1);
        try (IDocumentSession session = fixture.store().openSession()) {
            session.delete("users/3");
            session.saveChanges();
        }
        try (IDocumentSession session = fixture.store().openSession()) {
            assertThat(session.advanced().revisions().getCountFor("users/3")).isZero();
        }
    }

    @Test
    void aBadConfigurationIsA400AndChangesNothing() throws Exception {
        configure(2L, false);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        ClientFixture.URL + "/databases/" + fixture.database() + "/admin/revisions/config"))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{\"Collections\":{\"Users\":{\"MinimumRevisionsToKeep\":\"many\"}}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("MinimumRevisionsToKeep");
        save("users/4", "a", 1);
        save("users/4", "b", 1);
        save("users/4", "c", 1);
        try (IDocumentSession session = fixture.store().openSession()) {
            assertThat(session.advanced().revisions().getCountFor("users/4")).isEqualTo(2);
        }
        HttpResponse<String> noId = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                ClientFixture.URL + "/databases/" + fixture.database() + "/revisions")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noId.statusCode()).isEqualTo(400);
        assertThat(noId.body()).contains("'id'");
    }
}
