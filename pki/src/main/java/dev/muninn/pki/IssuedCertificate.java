package dev.muninn.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A certificate with its private key and the chain a peer needs to verify it (the certificate first, then its
 * issuers, without the self-signed root unless the certificate is the root).
 */
public record IssuedCertificate(PrivateKey key, List<X509Certificate> chain) {
    public IssuedCertificate {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("A certificate chain holds at least the certificate itself");
        }
        chain = List.copyOf(chain);
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    public String thumbprint() {
        return Thumbprints.of(certificate());
    }
}
