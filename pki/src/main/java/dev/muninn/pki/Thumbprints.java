package dev.muninn.pki;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;

/** How RavenDB names a certificate: its thumbprint, and the hash of its public key that survives a renewal. */
public final class Thumbprints {
    private Thumbprints() {
    }

    /** Upper-case hex SHA-1 of the DER encoding, as RavenDB and Windows show it. */
    public static String of(X509Certificate certificate) {
        try {
            return HexFormat.of().withUpperCase().formatHex(digest("SHA-1", certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("Cannot encode certificate " + certificate.getSubjectX500Principal(), e);
        }
    }

    /**
     * Base64 SHA-256 of the SubjectPublicKeyInfo (RFC 7469's pin): equal for a certificate renewed with the same
     * key, so a renewed certificate keeps the grant of the one it replaces.
     */
    public static String publicKeyPinningHash(X509Certificate certificate) {
        return Base64.getEncoder().encodeToString(digest("SHA-256", certificate.getPublicKey().getEncoded()));
    }

    private static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }
}
