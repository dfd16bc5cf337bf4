package dev.muninn.node.security;

import java.util.Map;
import java.util.Optional;

/**
 * Who made a request: the clearance its certificate carries (UnauthenticatedClients without one), the certificate's
 * thumbprint and name for logs and messages, and a ValidUser's database grants.
 */
public record Identity(SecurityClearance clearance, String thumbprint, String name,
                       Map<String, DatabaseAccess> permissions) {
    public static final Identity ANONYMOUS = new Identity(SecurityClearance.UnauthenticatedClients, null, null,
            Map.of());

    public static Identity of(CertificateDefinition definition) {
        return new Identity(definition.securityClearance(), definition.thumbprint(), definition.name(),
                definition.permissions());
    }

    public Optional<DatabaseAccess> accessTo(String database) {
        return Optional.ofNullable(permissions.get(database.toLowerCase(java.util.Locale.ROOT)));
    }

    /** For log lines and messages: the name and thumbprint, or that there was no certificate. */
    public String describe() {
        return thumbprint == null ? "no client certificate" : "'" + name + "' (" + thumbprint + ")";
    }
}
