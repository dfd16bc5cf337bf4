package dev.muninn.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;

import dev.muninn.operator.api.v1alpha1.MuninnClientCertificate;
import dev.muninn.operator.api.v1alpha1.MuninnClientCertificateSpec;
import dev.muninn.operator.api.v1alpha1.spec.ClientClearance;
import dev.muninn.operator.api.v1alpha1.spec.ClusterRef;
import dev.muninn.operator.api.v1alpha1.spec.DatabaseAccess;
import dev.muninn.operator.api.v1alpha1.spec.IssuedCertificateRef;
import dev.muninn.pki.CertificateAuthority;
import dev.muninn.pki.IssuedCertificate;
import dev.muninn.pki.Pkcs12;

/** A MuninnClientCertificate as its Secret, its grant and its renewals: decided without I/O. */
class ClientCertificatesTest {
    private static final CertificateAuthority CA = CertificateAuthority.generate("raven CA", Duration.ofDays(365));

    static MuninnClientCertificate resource(ClientClearance clearance, Map<String, DatabaseAccess> permissions) {
        MuninnClientCertificate resource = new MuninnClientCertificate();
        resource.setMetadata(new ObjectMetaBuilder().withName("orders-app").withNamespace("shop").withUid("uid-1")
                .build());
        MuninnClientCertificateSpec spec = new MuninnClientCertificateSpec();
        spec.setClusterRef(new ClusterRef("raven"));
        spec.setClearance(clearance);
        spec.setPermissions(permissions);
        resource.setSpec(spec);
        return resource;
    }

    @Test
    void theSecretHoldsPemAndAPasswordlessKeystoreAndIsOwnedByTheResource() {
        MuninnClientCertificate resource = resource(ClientClearance.ValidUser, Map.of("orders", DatabaseAccess.Read));
        IssuedCertificate issued = CA.issueClient("orders-app", Duration.ofDays(30));

        Secret secret = ClientCertificates.secret(resource, issued, CA.certificate());

        assertThat(secret.getMetadata().getName()).isEqualTo("orders-app");
        assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
        assertThat(secret.getData()).containsKeys("tls.crt", "tls.key", "ca.crt", ClientCertificates.KEYSTORE);
        assertThat(ClusterCertificates.read(secret).certificate()).isEqualTo(issued.certificate());
        byte[] keystore = java.util.Base64.getDecoder().decode(secret.getData().get(ClientCertificates.KEYSTORE));
        assertThat(Pkcs12.read(keystore, "").certificate()).isEqualTo(issued.certificate());
        assertThat(ClientCertificates.ownedBy(secret, resource)).isTrue();
        resource.getMetadata().setUid("another");
        assertThat(ClientCertificates.ownedBy(secret, resource)).as("a Secret of another resource").isFalse();
    }

    @Test
    void onlyAValidUserCarriesPermissions() {
        Map<String, DatabaseAccess> grants = Map.of("orders", DatabaseAccess.ReadWrite);

        assertThat(ClientCertificates.permissions(resource(ClientClearance.ValidUser, grants).getSpec()))
                .containsExactly(Map.entry("orders", "ReadWrite"));
        assertThat(ClientCertificates.permissions(resource(ClientClearance.Operator, grants).getSpec())).isEmpty();
        assertThat(ClientCertificates.clearance(resource(null, grants).getSpec())).isEqualTo("ValidUser");
    }

    @Test
    void aCertificateIsIssuedAgainWhenDueSignedByAnotherCaOrNamedOtherwise() {
        IssuedCertificate issued = CA.issueClient("orders-app", Duration.ofDays(30));
        Instant issuedAt = issued.certificate().getNotBefore().toInstant();

        assertThat(ClientCertificates.mustIssue(null, CA.certificate(), "orders-app", issuedAt)).isTrue();
        assertThat(ClientCertificates.mustIssue(issued, CA.certificate(), "orders-app", issuedAt.plusSeconds(60)))
                .isFalse();
        assertThat(ClientCertificates.mustIssue(issued, CA.certificate(), "orders-app",
                issuedAt.plus(Duration.ofDays(21)))).as("less than a third left").isTrue();
        CertificateAuthority other = CertificateAuthority.generate("other CA", Duration.ofDays(365));
        assertThat(ClientCertificates.mustIssue(issued, other.certificate(), "orders-app", issuedAt.plusSeconds(60)))
                .as("the cluster's CA changed").isTrue();
        assertThat(ClientCertificates.mustIssue(issued, CA.certificate(), "billing", issuedAt.plusSeconds(60)))
                .as("spec.name changed").isTrue();
        Instant renewal = ClientCertificates.renewalAt(issued.certificate());
        assertThat(ClientCertificates.mustIssue(issued, CA.certificate(), "orders-app", renewal.minusSeconds(1)))
                .isFalse();
        assertThat(ClientCertificates.mustIssue(issued, CA.certificate(), "orders-app", renewal.plusSeconds(1)))
                .isTrue();
    }

    @Test
    void renewedVersionsStayRegisteredUntilTheyExpire() {
        Instant now = Instant.parse("2026-12-04T12:00:00Z");
        IssuedCertificateRef old = new IssuedCertificateRef("AAA", "2026-12-10T00:00:00Z");
        IssuedCertificateRef older = new IssuedCertificateRef("BBB", "2026-12-01T00:00:00Z");
        IssuedCertificateRef current = new IssuedCertificateRef("CCC", "2027-03-01T00:00:00Z");

        List<IssuedCertificateRef> registered = ClientCertificates.registered(List.of(older, old), current, now);

        assertThat(registered).extracting(IssuedCertificateRef::getThumbprint).containsExactly("AAA", "CCC");
        assertThat(ClientCertificates.expired(List.of(older, old, current), now))
                .extracting(IssuedCertificateRef::getThumbprint).containsExactly("BBB");
        assertThat(ClientCertificates.registered(registered, current, now)).as("the current one once")
                .extracting(IssuedCertificateRef::getThumbprint).containsExactly("AAA", "CCC");
    }
}
