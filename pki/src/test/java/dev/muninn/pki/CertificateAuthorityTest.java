package dev.muninn.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
    private static final CertificateAuthority CA = CertificateAuthority.generate("test CA", Duration.ofDays(10));

    @TempDir
    Path dir;

    @Test
    void nodeCertificatesChainToTheCaWithTheirNamesAndBothUses() throws Exception {
        IssuedCertificate node = CA.issueNode("node-1", List.of("raven-0.raven"), List.of("10.0.0.1"),
                Duration.ofDays(1));

        validate(node.chain(), CA.certificate());
        assertThat(node.certificate().getSubjectAlternativeNames()).extracting(name -> (Object) name.get(1))
                .containsExactly((Object) "raven-0.raven", "10.0.0.1");
        assertThat(node.certificate().getExtendedKeyUsage())
                .containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(node.certificate().getBasicConstraints()).isEqualTo(-1);
    }

    @Test
    void aCertificateFromAnotherCaDoesNotValidate() {
        IssuedCertificate stranger = CertificateAuthority.generate("other CA", Duration.ofDays(1))
                .issueNode("node-1", List.of("localhost"), List.of(), Duration.ofDays(1));

        assertThatThrownBy(() -> validate(stranger.chain(), CA.certificate()))
                .hasMessageContaining("does not chain");
    }

    @Test
    void pemAndPkcs12RoundTripTheKeyAndChain() {
        IssuedCertificate client = CA.issueClient("alice", Duration.ofDays(1));

        IssuedCertificate fromPem = new IssuedCertificate(Pem.readPrivateKey(Pem.privateKey(client.key())),
                Pem.readCertificates(Pem.certificates(client.chain())));
        IssuedCertificate fromPfx = Pkcs12.read(Pkcs12.write(client, ""), "");
        IssuedCertificate withPassword = Pkcs12.read(Pkcs12.write(client, "s3cret"), "s3cret");

        for (IssuedCertificate read : List.of(fromPem, fromPfx, withPassword)) {
            assertThat(read.chain()).isEqualTo(client.chain());
            assertThat(read.key().getEncoded()).isEqualTo(client.key().getEncoded());
        }
        assertThatThrownBy(() -> Pkcs12.read(Pkcs12.write(client, "s3cret"), "wrong"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wrong password");
    }

    @Test
    void aRenewalWithTheSameKeyKeepsThePinningHashButNotTheThumbprint() {
        KeyPair keys = CertificateAuthority.newKeyPair();
        IssuedCertificate first = CA.issueClient("alice", Duration.ofDays(1), keys);
        IssuedCertificate renewed = CA.issueClient("alice", Duration.ofDays(2), keys);

        assertThat(Thumbprints.publicKeyPinningHash(renewed.certificate()))
                .isEqualTo(Thumbprints.publicKeyPinningHash(first.certificate()));
        assertThat(renewed.thumbprint()).isNotEqualTo(first.thumbprint()).matches("[0-9A-F]{40}");
    }

    @Test
    void localClusterCertificatesAreWrittenOnceAndKeptAcrossRuns() throws Exception {
        String thumbprint = LocalClusterCertificates.write(dir, 2);
        String ca = Files.readString(dir.resolve("ca.pem"));

        assertThat(LocalClusterCertificates.write(dir, 3)).isEqualTo(thumbprint);
        assertThat(Files.readString(dir.resolve("ca.pem"))).isEqualTo(ca);
        X509Certificate caCert = Pem.readCertificates(ca).get(0);
        for (String name : List.of("node-1", "node-2", "node-3", "admin")) {
            validate(Pem.readCertificates(Files.readString(dir.resolve(name + ".crt"))), caCert);
            assertThat(Pem.readPrivateKey(Files.readString(dir.resolve(name + ".key")))).isNotNull();
        }
        assertThat(Pkcs12.read(Files.readAllBytes(dir.resolve("admin.pfx")), "").thumbprint()).isEqualTo(thumbprint);
        assertThat(Files.getPosixFilePermissions(dir.resolve("ca.key")).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
    }

    private static void validate(List<X509Certificate> chain, X509Certificate anchor) throws Exception {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(chain.subList(0, chain.size() - 1)),
                parameters);
    }
}
