package dev.muninn.node.security;

import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.muninn.pki.Thumbprints;

/**
 * A client certificate registered in the cluster (through Raft), under RavenDB's field names: who it is, its
 * clearance and, for a ValidUser, the databases it may use. Only the public certificate is kept.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CertificateDefinition(
        @JsonProperty("Thumbprint") String thumbprint,
        @JsonProperty("Name") String name,
        @JsonProperty("Certificate") String certificate,
        @JsonProperty("SecurityClearance") SecurityClearance securityClearance,
        @JsonProperty("Permissions") Map<String, DatabaseAccess> permissions,
        @JsonProperty("NotBefore") String notBefore,
        @JsonProperty("NotAfter") String notAfter,
        @JsonProperty("PublicKeyPinningHash") String publicKeyPinningHash) {

    public CertificateDefinition {
        permissions = permissions == null ? Map.of() : normalized(permissions);
        thumbprint = thumbprint == null ? null : thumbprint.toUpperCase(Locale.ROOT);
    }

    /** The definition of {@code certificate}, granted {@code clearance} and {@code permissions}. */
    public static CertificateDefinition of(X509Certificate certificate, String name, SecurityClearance clearance,
                                           Map<String, DatabaseAccess> permissions) {
        try {
            return new CertificateDefinition(Thumbprints.of(certificate), name,
                    Base64.getEncoder().encodeToString(certificate.getEncoded()), clearance, permissions,
                    format(certificate.getNotBefore().toInstant()), format(certificate.getNotAfter().toInstant()),
                    Thumbprints.publicKeyPinningHash(certificate));
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalArgumentException("Cannot encode certificate: " + e.getMessage(), e);
        }
    }

    private static final java.time.format.DateTimeFormatter DATES = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(java.time.ZoneOffset.UTC);

    /** RavenDB's form of a date: seven fractional digits, UTC. */
    static String format(Instant instant) {
        return DATES.format(instant);
    }

    /** Parses a DER certificate, base64 (RavenDB's wire form) or PEM. */
    public static X509Certificate parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        try {
            byte[] der;
            if (trimmed.contains("-----BEGIN")) {
                return dev.muninn.pki.Pem.readCertificates(trimmed).stream().findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("The PEM text holds no certificate"));
            }
            der = Base64.getMimeDecoder().decode(trimmed);
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(der));
        } catch (IllegalArgumentException | CertificateException e) {
            throw new IllegalArgumentException("Not a certificate (base64 DER or PEM expected): " + e.getMessage(), e);
        }
    }

    /** Database names are case-insensitive: permissions are kept by lower-case name. */
    private static Map<String, DatabaseAccess> normalized(Map<String, DatabaseAccess> permissions) {
        Map<String, DatabaseAccess> map = new TreeMap<>();
        permissions.forEach((db, access) -> map.put(db.toLowerCase(Locale.ROOT), access));
        return Map.copyOf(map);
    }

    @JsonIgnore
    public java.util.Optional<DatabaseAccess> accessTo(String database) {
        return java.util.Optional.ofNullable(permissions.get(database.toLowerCase(Locale.ROOT)));
    }

    public CertificateDefinition withGrant(String newName, SecurityClearance clearance,
                                           Map<String, DatabaseAccess> newPermissions) {
        return new CertificateDefinition(thumbprint, newName, certificate, clearance, newPermissions, notBefore,
                notAfter, publicKeyPinningHash);
    }

    /** The same grant for a renewed certificate (same public key). */
    public CertificateDefinition renewedAs(X509Certificate renewed) {
        return of(renewed, name, securityClearance, permissions);
    }
}
