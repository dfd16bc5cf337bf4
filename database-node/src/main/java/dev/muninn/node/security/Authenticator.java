package dev.muninn.node.security;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import dev.muninn.pki.Thumbprints;

/**
 * Who a client certificate is, RavenDB's way: this node's own certificate or another node's (signed by the cluster's
 * CA for server use) is a ClusterNode; a well-known admin certificate (a setting) a ClusterAdmin; a certificate
 * registered in the cluster has its grant; an unregistered certificate with the public key of a registered one, from
 * the same issuer, is its renewal and inherits the grant. Anything else, or a certificate outside its validity, is
 * refused with RavenDB's message. Pure: the registry and the node's TLS material are handed in.
 */
public final class Authenticator {
    /** The outcome: who the client is, or why it is refused (a 403 before any route runs). */
    public record Result(Identity identity, String refusal, CertificateDefinition renewalOf,
                         X509Certificate certificate) {
        public boolean refused() {
            return refusal != null;
        }
    }

    /** The certificates registered in the cluster. */
    public interface Registry {
        Optional<CertificateDefinition> byThumbprint(String thumbprint);

        List<CertificateDefinition> byPublicKeyPinningHash(String hash);
    }

    private final Registry registry;
    private final Function<X509Certificate, Boolean> isClusterNode;
    private final Set<String> wellKnownAdmins;

    /**
     * @param isClusterNode whether a certificate is one of this cluster's nodes (signed by its CA, for server use)
     * @param wellKnownAdmins thumbprints or public key pinning hashes of cluster admins by setting
     */
    public Authenticator(Registry registry, Function<X509Certificate, Boolean> isClusterNode,
                         Set<String> wellKnownAdmins) {
        this.registry = registry;
        this.isClusterNode = isClusterNode;
        this.wellKnownAdmins = wellKnownAdmins.stream().map(s -> s.toUpperCase(java.util.Locale.ROOT))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    public Result authenticate(List<X509Certificate> chain, Instant now) {
        if (chain == null || chain.isEmpty()) {
            return new Result(Identity.ANONYMOUS, null, null, null);
        }
        X509Certificate certificate = chain.get(0);
        String thumbprint = Thumbprints.of(certificate);
        String name = nameOf(certificate);
        String described = "'" + name + "'(Thumbprint: " + thumbprint + ")";
        if (now.isAfter(certificate.getNotAfter().toInstant())) {
            return refused("The supplied client certificate " + described + " has expired on "
                    + certificate.getNotAfter().toInstant() + ". Please contact your system administrator in order "
                    + "to obtain a new one.", certificate);
        }
        if (now.isBefore(certificate.getNotBefore().toInstant())) {
            return refused("The supplied client certificate " + described + " cannot be used before "
                    + certificate.getNotBefore().toInstant(), certificate);
        }
        String pin = Thumbprints.publicKeyPinningHash(certificate);
        if (isClusterNode.apply(certificate)) {
            return allowed(new Identity(SecurityClearance.ClusterNode, thumbprint, name, java.util.Map.of()),
                    certificate);
        }
        if (wellKnownAdmins.contains(thumbprint) || wellKnownAdmins.contains(pin.toUpperCase(java.util.Locale.ROOT))) {
            return allowed(new Identity(SecurityClearance.ClusterAdmin, thumbprint, name, java.util.Map.of()),
                    certificate);
        }
        Optional<CertificateDefinition> registered = registry.byThumbprint(thumbprint);
        if (registered.isPresent()) {
            return allowed(Identity.of(registered.get()), certificate);
        }
        for (CertificateDefinition sameKey : registry.byPublicKeyPinningHash(pin)) {
            X509Certificate previous = CertificateDefinition.parse(sameKey.certificate());
            if (previous.getIssuerX500Principal().equals(certificate.getIssuerX500Principal())) {
                Identity inherited = new Identity(sameKey.securityClearance(), thumbprint, sameKey.name(),
                        sameKey.permissions());
                return new Result(inherited, null, sameKey, certificate);
            }
            return refused("The supplied client certificate " + described + " is unknown to the server but has a "
                    + "known Public Key Pinning Hash. Will not use it to authenticate because the issuer is unknown.",
                    certificate);
        }
        return refused("The supplied client certificate " + described + " is unknown to the server. In order to "
                + "register your certificate please contact your system administrator.", certificate);
    }

    private static Result allowed(Identity identity, X509Certificate certificate) {
        return new Result(identity, null, null, certificate);
    }

    private static Result refused(String message, X509Certificate certificate) {
        return new Result(Identity.ANONYMOUS, message, null, certificate);
    }

    /** The certificate's common name, else its whole subject. */
    static String nameOf(X509Certificate certificate) {
        String subject = certificate.getSubjectX500Principal().getName();
        for (String part : subject.split(",")) {
            if (part.trim().startsWith("CN=")) {
                return part.trim().substring(3);
            }
        }
        return subject;
    }
}
