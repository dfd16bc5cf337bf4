package dev.muninn.node.cluster.commands;

import dev.muninn.node.security.CertificateDefinition;

/**
 * Registers a client certificate, or changes the grant of a registered one (RavenDB's PutCertificateCommand). When
 * {@code replaces} names another thumbprint (a renewal with the same key), the new certificate takes that
 * registration's grant as it stands when this entry applies, and that registration goes; if it is gone (deleted while
 * the renewal was on its way) nothing is registered: a revoked grant must not come back.
 */
public record PutCertificate(CertificateDefinition definition, String replaces) implements ClusterCommand {
    @Override
    public CommandResult applyTo(StateWriter state, long index) {
        if (replaces == null || replaces.equalsIgnoreCase(definition.thumbprint())) {
            state.putCertificate(definition);
            return CommandResult.ok(index);
        }
        CertificateDefinition previous = state.certificate(replaces).orElse(null);
        if (previous == null) {
            return CommandResult.refused("NoSuchCertificate", "Certificate " + replaces + " is no longer registered: "
                    + "its renewal " + definition.thumbprint() + " is not registered either", index);
        }
        state.deleteCertificate(replaces);
        state.putCertificate(definition.withGrant(previous.name(), previous.securityClearance(),
                previous.permissions()));
        return CommandResult.ok(index);
    }
}
