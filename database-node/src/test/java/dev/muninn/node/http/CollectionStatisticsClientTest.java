package dev.muninn.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.muninn.node.http.ClientFixture.User;
import io.quarkus.test.junit.QuarkusTest;
import net.ravendb.client.documents.operations.CollectionStatistics;
import net.ravendb.client.documents.operations.GetCollectionStatisticsOperation;
import net.ravendb.client.documents.session.IDocumentSession;

/** The client's GetCollectionStatisticsOperation: documents per collection as they are written and deleted. */
@QuarkusTest
class CollectionStatisticsClientTest extends ClientTestBase {
    @Test
    void countsDocumentsPerCollection() {
        try (IDocumentSession session = fixture.store().openSession()) {
            for (int i = 0; i < 3; i++) {
                session.store(new User("u" + i, i), "users/" + i);
            }
            session.store(Map.of("Total", 5), "orders/1");
            session.saveChanges();
        }
        try (IDocumentSession session = fixture.store().openSession()) {
            session.delete("users/0");
            User user = session.load(User.class, "users/1");
            user.setName("changed"); // an overwrite is still one document
            session.saveChanges();
        }
        CollectionStatistics stats = fixture.store().maintenance().send(new GetCollectionStatisticsOperation());
        assertThat(stats.getCountOfDocuments()).isEqualTo(3);
        assertThat(stats.getCountOfConflicts()).isZero();
        assertThat(stats.getCollections()).containsEntry("Users", 2L).hasSize(2);
        assertThat(stats.getCollections().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(3);
    }
}
