package dev.muninn.node.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

import dev.muninn.node.security.UnsecuredAccess.Range;

class UnsecuredAccessTest {
    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void addressesFallIntoRanges() throws Exception {
        assertThat(UnsecuredAccess.rangeOf(ip("127.0.0.5"))).isEqualTo(Range.LOCAL);
        assertThat(UnsecuredAccess.rangeOf(ip("::1"))).isEqualTo(Range.LOCAL);
        for (String privateAddress : new String[] {"10.244.0.7", "172.16.3.4", "192.168.1.1", "100.64.0.1",
                "169.254.1.1", "fd00::2", "fe80::1"}) {
            assertThat(UnsecuredAccess.rangeOf(ip(privateAddress))).as(privateAddress).isEqualTo(Range.PRIVATE_NETWORK);
        }
        for (String publicAddress : new String[] {"8.8.8.8", "192.0.2.2", "172.32.0.1", "100.128.0.1", "2001:db8::1"}) {
            assertThat(UnsecuredAccess.rangeOf(ip(publicAddress))).as(publicAddress).isEqualTo(Range.PUBLIC_NETWORK);
        }
    }

    @Test
    void aWiderRangeIncludesTheNarrowerOnes() throws Exception {
        UnsecuredAccess local = UnsecuredAccess.parse(null);
        assertThat(local.describe()).isEqualTo("Local");
        assertThat(local.allows(ip("127.0.0.1"))).isTrue();
        assertThat(local.allows(ip("10.0.0.1"))).isFalse();
        UnsecuredAccess privateNetwork = UnsecuredAccess.parse("privatenetwork");
        assertThat(privateNetwork.allows(ip("127.0.0.1"))).isTrue();
        assertThat(privateNetwork.allows(ip("10.0.0.1"))).isTrue();
        assertThat(privateNetwork.allows(ip("8.8.8.8"))).isFalse();
        assertThat(UnsecuredAccess.parse("Local, PublicNetwork").allows(ip("8.8.8.8"))).as("RavenDB's flags")
                .isTrue();
        UnsecuredAccess none = UnsecuredAccess.parse("None");
        assertThat(none.allows(ip("127.0.0.1"))).isFalse();
        assertThatThrownBy(() -> UnsecuredAccess.parse("Everyone")).hasMessageContaining(
                "must be None, Local, PrivateNetwork or PublicNetwork, got 'Everyone'");
    }

    @Test
    void aNodeListensOnlyWhereItsUnsecuredClientsAre() throws Exception {
        UnsecuredAccess local = UnsecuredAccess.parse("Local");
        assertThat(local.refusalToListen("ServerUrl", "http://127.0.0.1:8080", ip("127.0.0.1"))).isEmpty();
        assertThat(local.refusalToListen("ServerUrl", "http://0.0.0.0:8080", ip("0.0.0.0"))).hasValueSatisfying(
                reason -> assertThat(reason).contains("ServerUrl http://0.0.0.0:8080 listens on all interfaces")
                        .contains("Security.UnsecuredAccessAllowed is Local")
                        .contains("to PrivateNetwork (or wider)"));
        assertThat(local.refusalToListen("ServerUrl.Tcp", "10.1.2.3:38888", ip("10.1.2.3"))).isPresent();
        UnsecuredAccess privateNetwork = UnsecuredAccess.parse("PrivateNetwork");
        assertThat(privateNetwork.refusalToListen("ServerUrl", "x", ip("0.0.0.0"))).as("requests are checked")
                .isEmpty();
        assertThat(privateNetwork.refusalToListen("ServerUrl", "x", ip("10.1.2.3"))).isEmpty();
        assertThat(privateNetwork.refusalToListen("ServerUrl", "x", ip("8.8.8.8"))).hasValueSatisfying(
                reason -> assertThat(reason).contains("a public address").contains("to PublicNetwork"));
        assertThat(UnsecuredAccess.parse("None").refusalToListen("ServerUrl", "x", ip("127.0.0.1")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("no unsecured access is allowed at all"));
    }
}
