package dev.muninn.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;

import dev.muninn.pki.CertificateAuthority;
import dev.muninn.pki.IssuedCertificate;

/** A CA rotation's phases as the CA Secret holds them, and the trust bundle every other Secret must carry. */
class ClusterCasTest {
    private static final CertificateAuthority OLD = CertificateAuthority.generate("raven CA 1", Duration.ofDays(3650));
    private static final CertificateAuthority NEW = CertificateAuthority.generate("raven CA 2", Duration.ofDays(3650));

    private static Secret secretOf(ClusterCas cas, Map<String, String> annotations) {
        return new SecretBuilder().withNewMetadata().withName("raven-ca").withAnnotations(annotations).endMetadata()
                .withData(cas.data()).build();
    }

    @Test
    void aRotationTrustsBothThenSignsWithTheNewThenDropsTheOld() {
        ClusterCas steady = new ClusterCas(OLD.identity(), null, null);
        assertThat(steady.phase()).isEqualTo(ClusterCas.Phase.STEADY);
        assertThat(steady.trusted()).containsExactly(OLD.certificate());

        ClusterCas trusting = ClusterCas.read(secretOf(steady.trusting(NEW.identity()), Map.of()));
        assertThat(trusting.phase()).isEqualTo(ClusterCas.Phase.TRUSTING);
        assertThat(trusting.signer().certificate()).as("the old CA still signs").isEqualTo(OLD.certificate());
        assertThat(trusting.trusted()).containsExactly(OLD.certificate(), NEW.certificate());

        ClusterCas retiring = ClusterCas.read(secretOf(trusting.retiring(), Map.of()));
        assertThat(retiring.phase()).isEqualTo(ClusterCas.Phase.RETIRING);
        assertThat(retiring.signer().certificate()).isEqualTo(NEW.certificate());
        assertThat(retiring.signer().key().getEncoded()).isEqualTo(NEW.identity().key().getEncoded());
        assertThat(retiring.trusted()).containsExactly(NEW.certificate(), OLD.certificate());

        ClusterCas done = ClusterCas.read(secretOf(retiring.retired(), Map.of()));
        assertThat(done.phase()).isEqualTo(ClusterCas.Phase.STEADY);
        assertThat(done.trusted()).containsExactly(NEW.certificate());
    }

    @Test
    void aSecretCarriesTheBundleOnlyWhenItsCaCrtIsExactlyIt() {
        ClusterCas trusting = new ClusterCas(OLD.identity(), NEW.identity(), null);
        IssuedCertificate node = OLD.issueNode("raven-0", List.of("raven-0"), List.of(), Duration.ofDays(90));

        Secret before = new SecretBuilder().withData(ClusterCertificates.tlsData(node, OLD.certificate())).build();
        Secret after = new SecretBuilder().withData(ClusterCertificates.tlsData(node, trusting.trusted())).build();

        assertThat(trusting.bundledIn(before)).isFalse();
        assertThat(trusting.bundledIn(after)).isTrue();
        assertThat(new ClusterCas(OLD.identity(), null, null).bundledIn(before)).isTrue();
    }

    @Test
    void aRotationIsDueWhenAskedForOrAThirdOfTheCaIsLeftAndNeverTwiceAtOnce() {
        ClusterCas steady = new ClusterCas(OLD.identity(), null, null);
        Instant now = OLD.certificate().getNotBefore().toInstant().plus(Duration.ofDays(1));

        assertThat(steady.rotationDue(secretOf(steady, Map.of()), now)).isFalse();
        assertThat(steady.rotationDue(secretOf(steady, Map.of(ClusterCas.FORCE_RENEW, "true")), now)).isTrue();
        assertThat(steady.rotationDue(secretOf(steady, Map.of()), now.plus(Duration.ofDays(2500)))).isTrue();
        ClusterCas trusting = steady.trusting(NEW.identity());
        assertThat(trusting.rotationDue(secretOf(trusting, Map.of(ClusterCas.FORCE_RENEW, "true")), now))
                .as("one rotation at a time").isFalse();
    }
}
