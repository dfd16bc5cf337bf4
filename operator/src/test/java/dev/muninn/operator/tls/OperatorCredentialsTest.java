package dev.muninn.operator.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.muninn.pki.CertificateAuthority;
import dev.muninn.pki.IssuedCertificate;
import dev.muninn.pki.Thumbprints;

/** The operator's own certificate is renewed with its key, so nodes that know it by its key keep knowing it. */
class OperatorCredentialsTest {
    @Test
    void renewedWhenAThirdIsLeftKeepingTheKey() {
        IssuedCertificate current = CertificateAuthority.selfSignedClient("muninn-operator", Duration.ofDays(30));
        Instant issued = current.certificate().getNotBefore().toInstant();

        assertThat(OperatorCredentials.renewedIfDue(current, issued.plus(Duration.ofDays(1)))).isSameAs(current);

        IssuedCertificate renewed = OperatorCredentials.renewedIfDue(current, issued.plus(Duration.ofDays(25)));
        assertThat(renewed).isNotSameAs(current);
        assertThat(renewed.certificate().getNotAfter()).isAfter(current.certificate().getNotAfter());
        assertThat(Thumbprints.publicKeyPinningHash(renewed.certificate()))
                .isEqualTo(Thumbprints.publicKeyPinningHash(current.certificate()));
        assertThat(renewed.thumbprint()).isNotEqualTo(current.thumbprint());
    }
}
