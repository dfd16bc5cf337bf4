package dev.muninn.node.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.muninn.node.http.ClientFixture.User;
import io.quarkus.test.junit.QuarkusTest;
import net.ravendb.client.documents.operations.PatchOperation;
import net.ravendb.client.documents.operations.PatchRequest;
import net.ravendb.client.documents.operations.PatchResult;
import net.ravendb.client.documents.operations.PatchStatus;
import net.ravendb.client.documents.session.IDocumentSession;
import net.ravendb.client.exceptions.ConcurrencyException;
import net.ravendb.client.exceptions.documents.patching.JavaScriptException;

/** The client's single-document PatchOperation ({@code PATCH /docs}) with its options. */
@QuarkusTest
class PatchOperationClientTest extends ClientTestBase {
    private String storeUser(String id, String name, int age) {
        try (IDocumentSession session = fixture.store().openSession()) {
            User user = new User(name, age);
            session.store(user, id);
            session.saveChanges();
            return session.advanced().getChangeVectorFor(user);
        }
    }

    private User load(String id) {
        try (IDocumentSession session = fixture.store().openSession()) {
            return session.load(User.class, id);
        }
    }

    private static PatchRequest script(String script, Map<String, Object> values) {
        PatchRequest request = new PatchRequest();
        request.setScript(script);
        request.setValues(values);
        return request;
    }

    @Test
    void patchesOneDocumentAndReportsEveryStatus() {
        storeUser("users/1", "Ann", 30);
        PatchOperation.Result<User> patched = fixture.store().operations().send(User.class, new PatchOperation(
                "users/1", null, script("this.age += args.by", Map.of("by", 5))));
        assertThat(patched.getStatus()).isEqualTo(PatchStatus.PATCHED);
        assertThat(patched.getDocument().getAge()).isEqualTo(35);
        assertThat(load("users/1").getAge()).isEqualTo(35);

        assertThat(fixture.store().operations().send(new PatchOperation("users/1", null,
                script("this.age = this.age", null)))).isEqualTo(PatchStatus.NOT_MODIFIED);
        assertThat(fixture.store().operations().send(new PatchOperation("users/missing", null,
                script("this.age = 1", null)))).isEqualTo(PatchStatus.DOCUMENT_DOES_NOT_EXIST);
        assertThat(fixture.store().operations().send(new PatchOperation("users/new", null,
                script("this.age = 1", null), script("this.name = 'created'; this.age = 7", null), false)))
                .isEqualTo(PatchStatus.CREATED);
        assertThat(load("users/new").getName()).isEqualTo("created");
    }

    @Test
    void aChangeVectorThatDoesNotMatchSkipsOrFails() {
        String first = storeUser("users/2", "Bob", 40);
        storeUser("users/2", "Bob", 41); // the change vector moves on
        assertThat(fixture.store().operations().send(new PatchOperation("users/2", first,
                script("this.age = 0", null), null, true))).isEqualTo(PatchStatus.SKIPPED);
        assertThatThrownBy(() -> fixture.store().operations().send(new PatchOperation("users/2", first,
                script("this.age = 0", null), null, false))).isInstanceOf(ConcurrencyException.class);
        assertThat(load("users/2").getAge()).isEqualTo(41);
    }

    @Test
    void aTestPatchWritesNothingAndDebugReturnsTheScriptsOutput() {
        storeUser("users/3", "Cy", 50);
        PatchOperation.PatchCommand test = new PatchOperation.PatchCommand(fixture.store().getConventions(),
                "users/3", null, script("output('was ' + this.age); this.age = 1", null), null, false, true, true);
        fixture.store().getRequestExecutor().execute(test);
        PatchResult result = test.getResult();
        assertThat(result.getStatus()).isEqualTo(PatchStatus.PATCHED);
        assertThat(result.getModifiedDocument().path("age").asInt()).isEqualTo(1);
        assertThat(result.getOriginalDocument().path("age").asInt()).isEqualTo(50);
        assertThat(result.getDebug().path("Info").get(0).asText()).isEqualTo("was 50");
        assertThat(load("users/3").getAge()).as("a test patch writes nothing").isEqualTo(50);
    }

    @Test
    void aBrokenScriptIsAClearError() {
        storeUser("users/4", "Di", 60);
        assertThatThrownBy(() -> fixture.store().operations().send(new PatchOperation("users/4", null,
                script("this.age = ", null)))).isInstanceOf(JavaScriptException.class);
        assertThat(load("users/4").getAge()).isEqualTo(60);
    }
}
