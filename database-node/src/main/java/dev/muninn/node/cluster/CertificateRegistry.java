package dev.muninn.node.cluster;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.muninn.node.cluster.commands.DeleteCertificate;
import dev.muninn.node.cluster.commands.PutCertificate;
import dev.muninn.node.cluster.state.ClusterStore;
import dev.muninn.node.security.Authenticator;
import dev.muninn.node.security.CertificateDefinition;

/**
 * The client certificates registered in the cluster, as this node applied them: read on every secured request, so
 * kept in memory and replaced whenever a certificate command (or a snapshot) is applied.
 */
public final class CertificateRegistry implements Authenticator.Registry {
    private final ClusterStore store;
    private volatile Map<String, CertificateDefinition> byThumbprint;

    public CertificateRegistry(ClusterStore store, ClusterState cluster) {
        this.store = store;
        this.byThumbprint = store.certificates();
        cluster.onApplied(command -> {
            if (command == null || command instanceof PutCertificate || command instanceof DeleteCertificate) {
                byThumbprint = store.certificates();
            }
        });
    }

    @Override
    public Optional<CertificateDefinition> byThumbprint(String thumbprint) {
        return Optional.ofNullable(byThumbprint.get(thumbprint.toUpperCase(java.util.Locale.ROOT)));
    }

    @Override
    public List<CertificateDefinition> byPublicKeyPinningHash(String hash) {
        return byThumbprint.values().stream().filter(d -> hash.equals(d.publicKeyPinningHash())).toList();
    }

    /** Every registration, ordered by name then thumbprint. */
    public List<CertificateDefinition> all() {
        return byThumbprint.values().stream().sorted(java.util.Comparator.comparing(CertificateDefinition::name,
                java.util.Comparator.nullsFirst(String.CASE_INSENSITIVE_ORDER))
                .thenComparing(CertificateDefinition::thumbprint)).toList();
    }
}
