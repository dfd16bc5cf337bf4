package dev.muninn.node.security;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import dev.muninn.pki.Thumbprints;

/**
 * Who a client certificate is, RavenDB's way: this node's own certificate or another node's (signed by the cluster's
 * CA for server use) is a ClusterNode; a well-known admin certificate (a setting) a ClusterAdmin; a certificate
 * registered in the cluster has its grant; an unregistered certificate with the public key of a registered one is
 * its renewal and inherits the grant — only when the cluster's CA signed both (a key holder could otherwise sign
 * itself a certificate that never expires). Anything else, or a certificate outside its validity, is refused with
 * RavenDB's message. Pure: the registry and the node's TLS material are handed in.
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
    private final Predicate<X509Certificate> isClusterNode;
    private final Predicate<X509Certificate> signedByClusterCa;
    private final Set<String> wellKnownAdmins;

    /**
     * @param isClusterNode whether a certificate is one of this cluster's nodes (signed by its CA, for server use)
     * @param signedByClusterCa whether the cluster's CA signed a certificate (for any use)
     * @param wellKnownAdmins thumbprints (any case) or public key pinning hashes (exact) of cluster admins by setting
     */
    public Authenticator(Registry registry, Predicate<X509Certificate> isClusterNode,
                         Predicate<X509Certificate> signedByClusterCa, Set<String> wellKnownAdmins) {
        this.registry = registry;
        this.isClusterNode = isClusterNode;
        this.signedByClusterCa = signedByClusterCa;
        this.wellKnownAdmins = Set.copyOf(wellKnownAdmins);
    }

    private boolean wellKnownAdmin(String thumbprint, String pin) {
        return wellKnownAdmins.contains(pin)
                || wellKnownAdmins.stream().anyMatch(known -> known.equalsIgnoreCase(thumbprint));
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
        if (isClusterNode.test(certificate)) {
            return allowed(new Identity(SecurityClearance.ClusterNode, thumbprint, name, java.util.Map.of()),
                    certificate);
        }
        if (wellKnownAdmin(thumbprint, pin)) {
            return allowed(new Identity(SecurityClearance.ClusterAdmin, thumbprint, name, java.util.Map.of()),
                    certificate);
        }
        Optional<CertificateDefinition> registered = registry.byThumbprint(thumbprint);
        if (registered.isPresent()) {
            return allowed(Identity.of(registered.get()), certificate);
        }
        List<CertificateDefinition> sameKey = registry.byPublicKeyPinningHash(pin);
        if (!sameKey.isEmpty()) {
            boolean issuedByTheCa = signedByClusterCa.test(certificate);
            for (CertificateDefinition previous : sameKey) {
                X509Certificate before = CertificateDefinition.parse(previous.certificate());
                if (issuedByTheCa && signedByClusterCa.test(before)
                        && before.getIssuerX500Principal().equals(certificate.getIssuerX500Principal())) {
                    Identity inherited = new Identity(previous.securityClearance(), thumbprint, previous.name(),
                            previous.permissions());
                    return new Result(inherited, null, previous, certificate);
                }
            }
            return refused("The supplied client certificate " + described + " is unknown to the server but has a "
                    + "known Public Key Pinning Hash. Will not use it to authenticate because the issuer is unknown "
                    + "(a renewal is accepted only from the cluster's CA).", certificate);
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
