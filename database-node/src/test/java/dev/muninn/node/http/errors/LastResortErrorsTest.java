package dev.muninn.node.http.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.muninn.node.http.ClientFixture;
import dev.muninn.node.http.RequestAdmission;
import io.quarkus.test.junit.QuarkusTest;

/** Fuzzer finding F3: an answer Netty will not write still reaches the client, and no request keeps its slot. */
@QuarkusTest
class LastResortErrorsTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    RequestAdmission admission;

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(ClientFixture.URL + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aDatabaseNameWithControlCharactersIsNamedSafelyInTheMissingHeader() throws Exception {
        for (String name : new String[]{"%00", "a%0D%0AX-Injected:%201", "%C3%A9t%C3%A9", "%7F"}) {
            HttpResponse<String> answer = get("/databases/" + name + "/stats");
            assertThat(answer.statusCode()).as(name).isEqualTo(503);
            assertThat(answer.headers().firstValue("Database-Missing")).as(name).isPresent();
            assertThat(answer.headers().firstValue("X-Injected")).as(name).isEmpty();
            assertThat(new ObjectMapper().readTree(answer.body()).path("Type").asText())
                    .endsWith("DatabaseDoesNotExistException");
        }
        assertThat(get("/databases/%01x/stats").headers().firstValue("Database-Missing")).hasValue("%01x");
        assertThat(get("/admin/databases?name=%00").headers().firstValue("Database-Missing")).hasValue("%00");
        awaitNoRequestInFlight();
    }

    @Test
    void anAnswerTheRestLayerCannotWriteClosesItsConnectionAtOnceAndGivesItsSlotBack() throws Exception {
        for (int i = 0; i < 3; i++) {
            // Nothing can be sent once the REST layer gave up on its answer: the client must learn it at once.
            assertThatThrownBy(() -> get("/test/unwritable-header")).isInstanceOf(IOException.class)
                    .isNotInstanceOf(HttpTimeoutException.class);
        }
        awaitNoRequestInFlight();
    }

    @Test
    void aFailureOutsideTheRestLayerIsARavenErrorWithoutStack() throws Exception {
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> answer = get("/test/unwritable-header-raw");
            assertThat(answer.statusCode()).isEqualTo(500);
            JsonNode body = new ObjectMapper().readTree(answer.body());
            assertThat(body.path("Type").asText()).isEqualTo("Raven.Client.Exceptions.RavenException");
            assertThat(body.path("Message").asText()).startsWith("The node failed to answer: IllegalArgumentException")
                    .contains("prohibited character");
            assertThat(answer.body()).doesNotContain("\\tat ").doesNotContain("stack");
            assertThat(answer.headers().firstValue("X-Unwritable")).isEmpty();
        }
        awaitNoRequestInFlight();
    }

    private void awaitNoRequestInFlight() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (admission.inFlight() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(admission.inFlight()).as("requests holding a slot after their answers").isZero();
    }
}
