package dev.muninn.nodeclient;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A client certificate as the cluster has it registered (RavenDB's CertificateDefinition, without the certificate):
 * its name, clearance ({@code ClusterAdmin}, {@code Operator}, {@code ValidUser}) and, for a ValidUser, access per
 * database ({@code Read}, {@code ReadWrite}, {@code Admin}). Database names are case-insensitive: kept lower-case.
 */
public record RegisteredCertificate(String thumbprint, String name, String clearance, Map<String, String> permissions) {
    public RegisteredCertificate {
        Map<String, String> normalized = new TreeMap<>();
        if (permissions != null) {
            permissions.forEach((database, access) -> normalized.put(database.toLowerCase(Locale.ROOT), access));
        }
        permissions = Map.copyOf(normalized);
    }

    /** Whether this registration grants exactly {@code clearance} and {@code permissions} under {@code name}. */
    public boolean grants(String name, String clearance, Map<String, String> permissions) {
        return this.name.equals(name) && this.clearance.equals(clearance)
                && this.permissions.equals(new RegisteredCertificate(thumbprint, name, clearance, permissions)
                        .permissions());
    }
}
