package dev.muninn.node.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.muninn.pki.CertificateAuthority;
import dev.muninn.pki.IssuedCertificate;

class AuthenticatorTest {
    private static final CertificateAuthority CA = CertificateAuthority.generate("cluster", Duration.ofDays(30));
    private final Map<String, CertificateDefinition> registered = new HashMap<>();
    private final Authenticator.Registry registry = new Authenticator.Registry() {
        @Override
        public Optional<CertificateDefinition> byThumbprint(String thumbprint) {
            return Optional.ofNullable(registered.get(thumbprint));
        }

        @Override
        public List<CertificateDefinition> byPublicKeyPinningHash(String hash) {
            return registered.values().stream().filter(d -> d.publicKeyPinningHash().equals(hash)).toList();
        }
    };

    private Authenticator authenticator(Set<String> admins) {
        return new Authenticator(registry, c -> c.getSubjectX500Principal().getName().contains("node"),
                AuthenticatorTest::signedByCa, admins);
    }

    private static boolean signedByCa(java.security.cert.X509Certificate certificate) {
        try {
            certificate.verify(CA.certificate().getPublicKey());
            return true;
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }

    @Test
    void registeredCertificatesCarryTheirGrant() {
        IssuedCertificate alice = CA.issueClient("alice", Duration.ofDays(1));
        register(alice, SecurityClearance.ValidUser, Map.of("Shop", DatabaseAccess.ReadWrite));

        Authenticator.Result result = authenticator(Set.of()).authenticate(alice.chain(), Instant.now());

        assertThat(result.refused()).isFalse();
        assertThat(result.identity().clearance()).isEqualTo(SecurityClearance.ValidUser);
        assertThat(result.identity().accessTo("shop")).contains(DatabaseAccess.ReadWrite);
        assertThat(result.identity().name()).isEqualTo("alice");
    }

    @Test
    void nodesWellKnownAdminsAndAnonymousClients() {
        IssuedCertificate node = CA.issueNode("node-2", List.of(), List.of(), Duration.ofDays(1));
        IssuedCertificate root = CA.issueClient("root", Duration.ofDays(1));

        assertThat(authenticator(Set.of()).authenticate(node.chain(), Instant.now()).identity().clearance())
                .isEqualTo(SecurityClearance.ClusterNode);
        assertThat(authenticator(Set.of(root.thumbprint().toLowerCase())).authenticate(root.chain(), Instant.now())
                .identity().clearance()).isEqualTo(SecurityClearance.ClusterAdmin);
        assertThat(authenticator(Set.of()).authenticate(List.of(), Instant.now()).identity())
                .isEqualTo(Identity.ANONYMOUS);
    }

    @Test
    void unknownExpiredAndNotYetValidCertificatesAreRefusedWithRavenDbsMessages() {
        IssuedCertificate stranger = CA.issueClient("stranger", Duration.ofDays(1));
        register(CA.issueClient("other", Duration.ofDays(1)), SecurityClearance.Operator, Map.of());
        Authenticator authenticator = authenticator(Set.of());

        assertThat(authenticator.authenticate(stranger.chain(), Instant.now()).refusal())
                .contains("'stranger'(Thumbprint: " + stranger.thumbprint() + ") is unknown to the server");
        register(stranger, SecurityClearance.Operator, Map.of());
        assertThat(authenticator.authenticate(stranger.chain(), Instant.now().plus(Duration.ofDays(2))).refusal())
                .contains("has expired on");
        assertThat(authenticator.authenticate(stranger.chain(), Instant.now().minus(Duration.ofDays(1))).refusal())
                .contains("cannot be used before");
    }

    @Test
    void aRenewalWithTheSameKeyAndIssuerInheritsTheGrant() throws Exception {
        KeyPair keys = CertificateAuthority.newKeyPair();
        IssuedCertificate first = CA.issueClient("bob", Duration.ofDays(1), keys);
        register(first, SecurityClearance.ValidUser, Map.of("hr", DatabaseAccess.Read));
        IssuedCertificate renewed = CA.issueClient("bob", Duration.ofDays(2), keys);
        IssuedCertificate sameKeyOtherIssuer = CertificateAuthority.generate("elsewhere", Duration.ofDays(1))
                .issueClient("bob", Duration.ofDays(1), keys);

        Authenticator.Result result = authenticator(Set.of()).authenticate(renewed.chain(), Instant.now());
        assertThat(result.refused()).isFalse();
        assertThat(result.renewalOf().thumbprint()).isEqualTo(first.thumbprint());
        assertThat(result.identity().accessTo("hr")).contains(DatabaseAccess.Read);
        assertThat(authenticator(Set.of()).authenticate(sameKeyOtherIssuer.chain(), Instant.now()).refusal())
                .contains("known Public Key Pinning Hash").contains("issuer is unknown");
        // A key holder signing itself a certificate (same key, the CA's name as issuer) is no renewal.
        java.security.cert.X509Certificate forged = selfSigned(keys, CA.certificate().getSubjectX500Principal());
        assertThat(authenticator(Set.of()).authenticate(java.util.List.of(forged), Instant.now()).refused()).isTrue();
    }

    /** A certificate for {@code keys} that claims {@code issuer} but is signed by its own key. */
    private static java.security.cert.X509Certificate selfSigned(KeyPair keys, javax.security.auth.x500.X500Principal issuer)
            throws Exception {
        var builder = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(issuer, java.math.BigInteger.TEN,
                java.util.Date.from(Instant.now().minusSeconds(60)), java.util.Date.from(Instant.now().plus(
                Duration.ofDays(3650))), new javax.security.auth.x500.X500Principal("CN=bob"), keys.getPublic());
        return new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(builder.build(
                new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }

    private void register(IssuedCertificate certificate, SecurityClearance clearance,
                          Map<String, DatabaseAccess> permissions) {
        CertificateDefinition definition = CertificateDefinition.of(certificate.certificate(),
                Authenticator.nameOf(certificate.certificate()), clearance, permissions);
        registered.put(definition.thumbprint(), definition);
    }
}
