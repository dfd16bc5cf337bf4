package dev.muninn.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Secret;

import dev.muninn.pki.CertificateAuthority;
import dev.muninn.pki.IssuedCertificate;

/** A secured cluster's certificates as Secrets, and when they are renewed: built and decided without I/O. */
class ClusterCertificatesTest {
    private static final CertificateAuthority CA = CertificateAuthority.generate("raven CA", Duration.ofDays(365));
    private final ClusterModel model = ClusterModel.from(ClusterModelTest.cluster(3, 0, Map.of()));

    @Test
    void aNodeCertificateNamesEveryAddressItIsReachedBy() {
        List<String> names = ClusterCertificates.nodeDnsNames(model, 1);

        assertThat(names).contains(model.nodeHost(1), model.podName(1) + "." + model.headlessServiceName(),
                model.clientServiceName(), model.clientServiceName() + "." + model.namespace() + ".svc");
        assertThat(names).doesNotHaveDuplicates().allSatisfy(name -> assertThat(name).doesNotContain("null"));
    }

    @Test
    void secretsRoundTripTheChainAndKeyInTheTlsLayout() {
        IssuedCertificate node = CA.issueNode("raven-1", ClusterCertificates.nodeDnsNames(model, 1), List.of(),
                Duration.ofDays(90));

        Secret secret = ClusterCertificates.nodeSecret(model, 1, node, CA.certificate());

        assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
        assertThat(secret.getMetadata().getName()).isEqualTo(model.podName(1) + "-tls");
        assertThat(secret.getMetadata().getOwnerReferences()).containsExactly(model.owner());
        assertThat(secret.getData()).containsKeys("tls.crt", "tls.key", "ca.crt");
        IssuedCertificate read = ClusterCertificates.read(secret);
        assertThat(read.chain()).isEqualTo(node.chain());
        assertThat(read.key().getEncoded()).isEqualTo(node.key().getEncoded());
        assertThat(ClusterCertificates.read(ClusterCertificates.caSecret(model, CA.identity())).certificate())
                .isEqualTo(CA.certificate());
        secret.getData().remove("tls.key");
        assertThatThrownBy(() -> ClusterCertificates.read(secret)).hasMessageContaining("tls.key");
    }

    @Test
    void aCertificateIsRenewedWhenAThirdOfItsValidityIsLeft() {
        IssuedCertificate node = CA.issueNode("raven-0", List.of(), List.of(), Duration.ofDays(90));
        Instant notBefore = node.certificate().getNotBefore().toInstant();
        Instant notAfter = node.certificate().getNotAfter().toInstant();
        Duration validity = Duration.between(notBefore, notAfter);

        assertThat(ClusterCertificates.renewalDue(node.certificate(), notBefore.plus(validity.dividedBy(2))))
                .isFalse();
        assertThat(ClusterCertificates.renewalDue(node.certificate(), notAfter.minus(validity.dividedBy(4))))
                .isTrue();
        assertThat(ClusterCertificates.renewalDue(node.certificate(), notAfter.plusSeconds(1))).isTrue();
        assertThat(ClusterCertificates.renewalDue(node.certificate(), notBefore.minusSeconds(1))).isTrue();
    }
}
