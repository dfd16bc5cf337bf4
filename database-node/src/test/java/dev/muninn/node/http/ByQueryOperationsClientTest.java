package dev.muninn.node.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.muninn.node.http.ClientFixture.User;
import io.quarkus.test.junit.QuarkusTest;
import net.ravendb.client.Parameters;
import net.ravendb.client.documents.operations.DeleteByQueryOperation;
import net.ravendb.client.documents.operations.GetCollectionStatisticsOperation;
import net.ravendb.client.documents.operations.Operation;
import net.ravendb.client.documents.operations.PatchByQueryOperation;
import net.ravendb.client.documents.queries.IndexQuery;
import net.ravendb.client.documents.session.IDocumentSession;
import net.ravendb.client.exceptions.InvalidQueryException;
import net.ravendb.client.primitives.OperationCancelledException;

/** PatchByQueryOperation and DeleteByQueryOperation as long-running operations, with polling and kill. */
@QuarkusTest
class ByQueryOperationsClientTest extends ClientTestBase {
    private void storeUsers(int count) {
        try (IDocumentSession session = fixture.store().openSession()) {
            session.advanced().setMaxNumberOfRequestsPerSession(10_000);
            for (int i = 0; i < count; i++) {
                session.store(new User("u" + i, i % 100), "users/" + i);
                if (i % 500 == 499) {
                    session.saveChanges();
                }
            }
            session.saveChanges();
        }
    }

    private long users() {
        return fixture.store().maintenance().send(new GetCollectionStatisticsOperation()).getCollections()
                .getOrDefault("Users", 0L);
    }

    @Test
    void patchesEveryMatchAcrossBatchesWithParameters() {
        storeUsers(2500); // more than two batches of the node's 1 024
        IndexQuery query = new IndexQuery("from Users where age >= 50 update { this.age += $by; this.name = 'old' }");
        Parameters parameters = new Parameters();
        parameters.put("by", 1000);
        query.setQueryParameters(parameters);
        Operation operation = fixture.store().operations().sendAsync(new PatchByQueryOperation(query));
        operation.waitForCompletion();
        try (IDocumentSession session = fixture.store().openSession()) {
            long patched = session.query(User.class).whereGreaterThanOrEqual("age", 1000).count();
            assertThat(patched).isEqualTo(1250);
            assertThat(session.load(User.class, "users/60").getName()).isEqualTo("old");
            assertThat(session.load(User.class, "users/60").getAge()).isEqualTo(1060);
            assertThat(session.load(User.class, "users/10").getAge()).isEqualTo(10);
        }
    }

    @Test
    void deletesEveryMatch() {
        storeUsers(1500);
        Operation operation = fixture.store().operations().sendAsync(new DeleteByQueryOperation(
                new IndexQuery("from Users where age < 10")));
        operation.waitForCompletion();
        assertThat(users()).isEqualTo(1350);
    }

    @Test
    void badQueriesAndScriptsAreRefusedBeforeAnythingRuns() {
        storeUsers(10);
        assertThatThrownBy(() -> fixture.store().operations().sendAsync(new PatchByQueryOperation(
                "from Users where update { this.x = 1 }"))).isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> fixture.store().operations().sendAsync(new PatchByQueryOperation(
                "from Users update { this.x = ; }"))).hasMessageContaining("does not compile");
        assertThatThrownBy(() -> fixture.store().operations().sendAsync(new PatchByQueryOperation(
                "from Users"))).hasMessageContaining("'update { ... }' clause");
        assertThat(users()).isEqualTo(10);
    }

    @Test
    void aKilledOperationStopsBetweenBatchesAndEndsCanceled() throws InterruptedException {
        storeUsers(6000);
        // Throttled to 1 024 a second, the 6 000 deletes take about six seconds: killed after one and a half, it has
        // committed its first batches and stops before the next.
        DeleteByQueryOperation delete = new DeleteByQueryOperation(new IndexQuery("from Users"),
                optionsWithMaxOpsPerSecond(1024));
        Operation operation = fixture.store().operations().sendAsync(delete);
        Thread.sleep(1500);
        operation.kill();
        assertThatThrownBy(operation::waitForCompletion).isInstanceOf(OperationCancelledException.class);
        assertThat(users()).as("stopped before the end, the batches before it kept").isLessThanOrEqualTo(6000 - 1024)
                .isGreaterThan(0).isLessThan(6000);
    }

    private static net.ravendb.client.documents.queries.QueryOperationOptions optionsWithMaxOpsPerSecond(int rate) {
        var options = new net.ravendb.client.documents.queries.QueryOperationOptions();
        options.setMaxOpsPerSecond(rate);
        options.setStaleTimeout(Duration.ofSeconds(1));
        return options;
    }

}
