package dev.muninn.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import net.ravendb.client.serverwide.commands.GetTcpInfoCommand;
import net.ravendb.client.serverwide.commands.TcpConnectionInfo;

/** RavenDB's TCP endpoint is not advertised (Muninn has none); Muninn's own route tells peers the Raft address. */
@QuarkusTest
class NodeIdentityTest extends ClientTestBase {
    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                ClientFixture.URL + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(path).isEqualTo(200);
        return new ObjectMapper().readTree(answer.body());
    }

    @Test
    void theTcpInfoTheClientsProbeNamesNoEndpoint() throws Exception {
        GetTcpInfoCommand probe = new GetTcpInfoCommand("health");
        fixture.store().getRequestExecutor().execute(probe);
        TcpConnectionInfo info = probe.getResult();
        assertThat(info.getUrl()).isNull();
        assertThat(info.getUrls()).isEmpty();
        assertThat(get("/info/tcp").toString()).doesNotContain("tcp://").doesNotContain("RaftAddress");
    }

    @Test
    void peersLearnTheRaftAddressFromTheNodeIdentity() throws Exception {
        JsonNode identity = get("/cluster/node-identity");
        assertThat(identity.path("RaftAddress").asText()).matches("[^/]+:\\d+");
        assertThat(identity.path("ServerId").asText()).isNotBlank();
        assertThat(identity.path("ServerId").asText()).isEqualTo(get("/info/tcp").path("ServerId").asText());
    }
}
