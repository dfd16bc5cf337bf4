package dev.muninn.node.cluster.commands;

import dev.muninn.node.security.CertificateDefinition;

/**
 * Registers a client certificate, or changes the grant of a registered one (RavenDB's PutCertificateCommand). When
 * {@code replaces} names another thumbprint (a renewal with the same key), that registration is removed.
 */
public record PutCertificate(CertificateDefinition definition, String replaces) implements ClusterCommand {
    @Override
    public CommandResult applyTo(StateWriter state, long index) {
        if (replaces != null && !replaces.equalsIgnoreCase(definition.thumbprint())) {
            state.deleteCertificate(replaces);
        }
        state.putCertificate(definition);
        return CommandResult.ok(index);
    }
}
