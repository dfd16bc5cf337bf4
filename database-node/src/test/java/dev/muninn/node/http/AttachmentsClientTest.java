package dev.muninn.node.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.muninn.node.http.ClientFixture.User;
import io.quarkus.test.junit.QuarkusTest;
import net.ravendb.client.documents.operations.attachments.AttachmentName;
import net.ravendb.client.documents.attachments.AttachmentType;
import net.ravendb.client.documents.operations.attachments.CloseableAttachmentResult;
import net.ravendb.client.documents.operations.attachments.DeleteAttachmentOperation;
import net.ravendb.client.documents.operations.attachments.GetAttachmentOperation;
import net.ravendb.client.documents.operations.attachments.PutAttachmentOperation;
import net.ravendb.client.documents.session.IDocumentSession;
import net.ravendb.client.exceptions.documents.DocumentDoesNotExistException;

/** Attachments through the official client: in a session's batch (multipart), and by the direct operations. */
@QuarkusTest
class AttachmentsClientTest extends ClientTestBase {

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private byte[] read(String id, String name) throws IOException {
        try (IDocumentSession session = fixture.store().openSession();
             CloseableAttachmentResult attachment = session.advanced().attachments().get(id, name)) {
            return attachment == null ? null : attachment.getData().readAllBytes();
        }
    }

    @Test
    void aSessionStoresADocumentWithItsAttachmentsInOneBatch() throws Exception {
        byte[] photo = randomBytes(1 << 20, 1); // every byte value, 1 MiB
        byte[] notes = "hello".getBytes();
        try (IDocumentSession session = fixture.store().openSession()) {
            User user = new User("Ada", 36);
            session.store(user, "users/1");
            session.advanced().attachments().store("users/1", "photo.bin", new ByteArrayInputStream(photo),
                    "application/octet-stream");
            session.advanced().attachments().store("users/1", "notes.txt", new ByteArrayInputStream(notes),
                    "text/plain");
            session.saveChanges();
        }
        assertThat(read("users/1", "photo.bin")).isEqualTo(photo);
        assertThat(read("users/1", "notes.txt")).isEqualTo(notes);
        try (IDocumentSession session = fixture.store().openSession()) {
            User user = session.load(User.class, "users/1");
            AttachmentName[] names = session.advanced().attachments().getNames(user);
            assertThat(names).extracting(AttachmentName::getName).containsExactly("notes.txt", "photo.bin");
            assertThat(names[1].getSize()).isEqualTo(photo.length);
            assertThat(names[0].getContentType()).isEqualTo("text/plain");
            assertThat(session.advanced().getMetadataFor(user).getString("@flags")).contains("HasAttachments");
            assertThat(session.advanced().attachments().exists("users/1", "notes.txt")).isTrue();
            assertThat(session.advanced().attachments().exists("users/1", "nope")).isFalse();
            user.setAge(37); // a new version of the document keeps its attachments
            session.saveChanges();
        }
        assertThat(read("users/1", "notes.txt")).isEqualTo(notes);
        try (IDocumentSession session = fixture.store().openSession()) {
            session.advanced().attachments().delete("users/1", "notes.txt");
            session.saveChanges();
        }
        assertThat(read("users/1", "notes.txt")).isNull();
        try (IDocumentSession session = fixture.store().openSession()) {
            User user = session.load(User.class, "users/1");
            assertThat(user.getAge()).isEqualTo(37);
            assertThat(session.advanced().attachments().getNames(user)).extracting(AttachmentName::getName)
                    .containsExactly("photo.bin");
        }
    }

    @Test
    void theDirectOperationsPutGetAndDelete() throws Exception {
        try (IDocumentSession session = fixture.store().openSession()) {
            session.store(new User("Bob", 20), "users/2");
            session.saveChanges();
        }
        byte[] content = randomBytes(5000, 2);
        var details = fixture.store().operations().send(new PutAttachmentOperation("users/2", "a.bin",
                new ByteArrayInputStream(content), "application/x-test"));
        assertThat(details.getSize()).isEqualTo(5000);
        assertThat(details.getHash()).isNotBlank();
        try (CloseableAttachmentResult got = fixture.store().operations().send(new GetAttachmentOperation("users/2",
                "a.bin", AttachmentType.DOCUMENT, null))) {
            assertThat(got.getData().readAllBytes()).isEqualTo(content);
            assertThat(got.getDetails().getContentType()).isEqualTo("application/x-test");
            assertThat(got.getDetails().getHash()).isEqualTo(details.getHash());
        }
        fixture.store().operations().send(new DeleteAttachmentOperation("users/2", "a.bin"));
        assertThat(read("users/2", "a.bin")).isNull();
        try (IDocumentSession session = fixture.store().openSession()) {
            User user = session.load(User.class, "users/2");
            assertThat(session.advanced().getMetadataFor(user).containsKey("@attachments")).isFalse();
        }
    }

    @Test
    void anAttachmentNeedsAnExistingDocumentAndTheBatchStaysAtomic() {
        assertThatThrownBy(() -> fixture.store().operations().send(new PutAttachmentOperation("users/none", "x",
                new ByteArrayInputStream(new byte[] {1}), null))).isInstanceOf(DocumentDoesNotExistException.class);
        try (IDocumentSession session = fixture.store().openSession()) {
            session.store(new User("Carl", 1), "users/3");
            session.advanced().attachments().store("users/missing", "x", new ByteArrayInputStream(new byte[] {1}));
            assertThatThrownBy(session::saveChanges).isInstanceOf(DocumentDoesNotExistException.class);
        }
        try (IDocumentSession session = fixture.store().openSession()) {
            assertThat(session.load(User.class, "users/3")).as("nothing of the failed batch was written").isNull();
        }
    }
}
