package dev.muninn.node.security;

import java.util.Optional;

/**
 * RavenDB's authorization rule, pure: may {@code identity} use a route that requires {@code required} (on
 * {@code database}, for database routes)? Empty when it may; otherwise the message RavenDB gives, naming the
 * certificate and what was missing.
 */
public final class AccessDecision {
    static final String NO_CERTIFICATE = "This server requires client certificate for authentication, but none was "
            + "provided by the client. Did you forget to install the certificate?";

    private AccessDecision() {
    }

    public static Optional<String> refusal(Identity identity, RequiredAccess required, String database) {
        if (required == RequiredAccess.Unauthenticated) {
            return Optional.empty();
        }
        SecurityClearance clearance = identity.clearance();
        if (clearance == SecurityClearance.UnauthenticatedClients) {
            return Optional.of(NO_CERTIFICATE);
        }
        if (clearance.atLeast(SecurityClearance.ClusterAdmin)) {
            return Optional.empty(); // nodes and cluster admins may do everything
        }
        if (clearance == SecurityClearance.Operator) {
            return required == RequiredAccess.ClusterAdmin || required == RequiredAccess.ClusterNode
                    ? Optional.of(insufficient(identity, database, required)) : Optional.empty();
        }
        // ValidUser
        if (required == RequiredAccess.ValidUser) {
            return Optional.empty();
        }
        if (required.isDatabaseLevel() && database != null
                && identity.accessTo(database).map(a -> a.allows(required.databaseAccess())).orElse(false)) {
            return Optional.empty();
        }
        return Optional.of("Could not authorize access to " + target(database, required) + " using provided client "
                + "certificate " + identity.describe() + "." + suffix(required));
    }

    private static String insufficient(Identity identity, String database, RequiredAccess required) {
        return "Insufficient security clearance to access " + target(database, required) + " using provided client "
                + "certificate " + identity.describe() + "." + suffix(required);
    }

    private static String target(String database, RequiredAccess required) {
        return database != null && required.isDatabaseLevel() ? database : "the server";
    }

    private static String suffix(RequiredAccess required) {
        switch (required) {
            case ClusterAdmin:
            case ClusterNode:
                return " ClusterAdmin access is required but not given to this certificate";
            case Operator:
                return " Operator/ClusterAdmin access is required but not given to this certificate";
            case DatabaseAdmin:
                return " DatabaseAdmin access is required but not given to this certificate";
            case DatabaseReadWrite:
                return " ReadWrite access to the database is required but not given to this certificate";
            case DatabaseRead:
                return " Read access to the database is required but not given to this certificate";
            default:
                return "";
        }
    }
}
