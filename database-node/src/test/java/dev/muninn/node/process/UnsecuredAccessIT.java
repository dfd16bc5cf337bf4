package dev.muninn.node.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.muninn.node.process.ClusterFixture.Answer;
import dev.muninn.node.security.UnsecuredAccess;
import dev.muninn.node.security.UnsecuredAccess.Range;
import net.ravendb.client.documents.DocumentStore;
import net.ravendb.client.exceptions.security.AuthorizationException;
import net.ravendb.client.serverwide.operations.GetDatabaseNamesOperation;

/**
 * Without a certificate a node serves only the clients {@code Security.UnsecuredAccessAllowed} names: it refuses to
 * listen anywhere else (exit 2, the reason in one line), and answers a client from outside with RavenDB's 403,
 * which the official client raises as AuthorizationException.
 */
@Tag("process")
class UnsecuredAccessIT {
    @TempDir
    Path dir;

    @Test
    void aNodeRefusesToListenOnAllInterfacesWhenOnlyLocalClientsAreAllowed() {
        NodeProcess everywhere = new NodeProcess("http://0.0.0.0:19581", dir.resolve("a"))
                .withSetting("ServerUrl.Tcp", "127.0.0.1:29581");
        assertThatThrownBy(everywhere::start).hasMessageContaining("Node exited with 2")
                .hasMessageContaining("event=refused-to-start")
                .hasMessageContaining("ServerUrl http://0.0.0.0:19581 listens on all interfaces without a certificate")
                .hasMessageContaining("Security.UnsecuredAccessAllowed is Local")
                .hasMessageNotContaining("\tat ");
    }

    @Test
    void aClientOutsideTheAllowedRangeIsRefusedWith403() throws Exception {
        InetAddress outside = nonLoopbackAddress();
        try (NodeProcess node = new NodeProcess("http://0.0.0.0:19582", dir.resolve("b"))
                .withSetting("ServerUrl.Tcp", "127.0.0.1:29582")
                .withSetting("Security.UnsecuredAccessAllowed", "PrivateNetwork").start()) {
            assertThat(ClusterFixture.get("http://127.0.0.1:19582/cluster/topology").status()).isEqualTo(200);
            String url = "http://" + outside.getHostAddress() + ":19582";
            Answer answer = ClusterFixture.get(url + "/cluster/topology");
            if (UnsecuredAccess.rangeOf(outside) == Range.PUBLIC_NETWORK) {
                assertThat(answer.status()).isEqualTo(403);
                assertThat(answer.body().path("Type").asText())
                        .isEqualTo("Raven.Client.Exceptions.Security.AuthorizationException");
                assertThat(answer.body().path("Message").asText()).contains("Security.UnsecuredAccessAllowed")
                        .contains("PrivateNetwork").contains(outside.getHostAddress());
                assertThat(ClusterFixture.get(url + "/metrics").status()).as("every route").isEqualTo(403);
                try (DocumentStore store = new DocumentStore(url, "any")) {
                    store.getConventions().setDisableTopologyUpdates(true);
                    store.initialize();
                    assertThatThrownBy(() -> store.maintenance().server().send(new GetDatabaseNamesOperation(0, 10)))
                            .isInstanceOf(AuthorizationException.class)
                            .hasMessageContaining("Security.UnsecuredAccessAllowed");
                }
            } else {
                assertThat(answer.status()).as(outside + " is a private address").isEqualTo(200);
            }
        }
    }

    /** This machine's own non-loopback IPv4 address, a public one first (it is the case the filter refuses). */
    private static InetAddress nonLoopbackAddress() throws Exception {
        List<InetAddress> candidates = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(i -> {
                    try {
                        return i.isUp();
                    } catch (java.net.SocketException e) {
                        return false;
                    }
                })
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                .sorted(Comparator.comparing(a -> UnsecuredAccess.rangeOf(a) != Range.PUBLIC_NETWORK))
                .toList();
        Assumptions.assumeFalse(candidates.isEmpty(), "this machine has no non-loopback IPv4 address");
        return candidates.get(0);
    }
}
