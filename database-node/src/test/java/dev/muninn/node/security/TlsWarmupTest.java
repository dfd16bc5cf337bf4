package dev.muninn.node.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;

import org.junit.jupiter.api.Test;

import dev.muninn.pki.CertificateAuthority;
import dev.muninn.pki.IssuedCertificate;
import dev.muninn.pki.Pkcs12;

/** The in-memory handshake really completes (both engines done, the client's certificate seen by the server). */
class TlsWarmupTest {
    @Test
    void aNodeShakesHandsWithItselfInMemory() throws Exception {
        CertificateAuthority ca = CertificateAuthority.generate("test CA", Duration.ofDays(10));
        IssuedCertificate node = ca.issueNode("node-a", List.of("node-a"), List.of(), Duration.ofDays(10));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(Pkcs12.keyStore(node, ""), new char[0]);

        Duration took = TlsWarmup.run(keys.getKeyManagers()[0], 2);

        assertThat(took).isPositive().isLessThan(Duration.ofSeconds(30));
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), new javax.net.ssl.TrustManager[] {TlsWarmup.TRUST_ANY}, null);
        javax.net.ssl.SSLEngine server = context.createSSLEngine();
        server.setUseClientMode(false);
        server.setWantClientAuth(true);
        javax.net.ssl.SSLEngine client = context.createSSLEngine("node-a", 443);
        client.setUseClientMode(true);
        TlsWarmup.handshake(client, server);
        assertThat(server.getSession().getPeerCertificates()[0]).isEqualTo(node.certificate());
    }
}
