package dev.muninn.node.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.junit.jupiter.api.Test;

import dev.muninn.node.http.ClientFixture.User;
import io.quarkus.test.junit.QuarkusTest;
import net.ravendb.client.Constants;
import net.ravendb.client.documents.operations.expiration.ConfigureExpirationOperation;
import net.ravendb.client.documents.operations.expiration.ExpirationConfiguration;
import net.ravendb.client.documents.operations.refresh.ConfigureRefreshOperation;
import net.ravendb.client.documents.operations.refresh.RefreshConfiguration;
import net.ravendb.client.documents.session.IDocumentSession;
import net.ravendb.client.primitives.NetISO8601Utils;

/** @expires documents are deleted and @refresh documents rewritten once due, when the database enables it. */
@QuarkusTest
class ExpirationClientTest extends ClientTestBase {
    private void store(String id, String metadataKey, Instant when) {
        try (IDocumentSession session = fixture.store().openSession()) {
            User user = new User(id, 1);
            session.store(user, id);
            session.advanced().getMetadataFor(user).put(metadataKey, NetISO8601Utils.format(Date.from(when), true));
            session.saveChanges();
        }
    }

    private boolean exists(String id) {
        try (IDocumentSession session = fixture.store().openSession()) {
            return session.load(User.class, id) != null;
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void expiredDocumentsAreDeletedAndTheOthersKept() throws Exception {
        store("users/past", Constants.Documents.Metadata.EXPIRES, Instant.now().minusSeconds(60));
        store("users/soon", Constants.Documents.Metadata.EXPIRES, Instant.now().plusSeconds(2));
        store("users/later", Constants.Documents.Metadata.EXPIRES, Instant.now().plusSeconds(3600));
        store("users/never", "Other", Instant.now().minusSeconds(60));
        Thread.sleep(1500);
        assertThat(exists("users/past")).as("nothing expires before the database enables it").isTrue();
        ExpirationConfiguration configuration = new ExpirationConfiguration();
        configuration.setDisabled(false);
        configuration.setDeleteFrequencyInSec(1L);
        fixture.store().maintenance().send(new ConfigureExpirationOperation(configuration));
        await(() -> !exists("users/past"), "the expired document deleted");
        await(() -> !exists("users/soon"), "the document that expires two seconds later deleted");
        assertThat(exists("users/later")).isTrue();
        assertThat(exists("users/never")).isTrue();
    }

    @Test
    void refreshDueDocumentsAreWrittenAgainWithoutTheirRefreshDate() throws Exception {
        store("users/refresh", Constants.Documents.Metadata.REFRESH, Instant.now().minusSeconds(5));
        String before;
        try (IDocumentSession session = fixture.store().openSession()) {
            before = session.advanced().getChangeVectorFor(session.load(User.class, "users/refresh"));
        }
        RefreshConfiguration configuration = new RefreshConfiguration();
        configuration.setDisabled(false);
        configuration.setRefreshFrequencyInSec(1L);
        fixture.store().maintenance().send(new ConfigureRefreshOperation(configuration));
        await(() -> {
            try (IDocumentSession session = fixture.store().openSession()) {
                User user = session.load(User.class, "users/refresh");
                return !session.advanced().getMetadataFor(user).containsKey(Constants.Documents.Metadata.REFRESH);
            }
        }, "the refreshed document without @refresh");
        try (IDocumentSession session = fixture.store().openSession()) {
            assertThat(session.advanced().getChangeVectorFor(session.load(User.class, "users/refresh")))
                    .isNotEqualTo(before);
        }
    }

    @Test
    void aConfigurationThatCannotWorkIsRefused() {
        ExpirationConfiguration configuration = new ExpirationConfiguration();
        configuration.setDisabled(false);
        configuration.setDeleteFrequencyInSec(-5L);
        assertThatThrownBy(() -> fixture.store().maintenance().send(new ConfigureExpirationOperation(configuration)))
                .hasMessageContaining("DeleteFrequencyInSec must be a positive whole number");
    }
}
