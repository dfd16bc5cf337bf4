package dev.muninn.operator.tls;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

import dev.muninn.operator.model.ClusterCertificates;
import dev.muninn.pki.CertificateAuthority;
import dev.muninn.pki.IssuedCertificate;
import dev.muninn.pki.Pkcs12;
import dev.muninn.pki.Thumbprints;

/**
 * How the operator talks to secured nodes: with its own client certificate (kept in a Secret of its namespace, so it
 * survives restarts; secured clusters know its public key pinning hash as a cluster admin) and trusting the CA of
 * every cluster it manages (each registered as its cluster is reconciled). Host names are not checked: the operator
 * reaches nodes by pod IP, which their certificates need not name; the CAs are the clusters' own.
 */
public final class OperatorCredentials {
    private static final Logger LOG = Logger.getLogger(OperatorCredentials.class);
    static final String SECRET = "muninn-operator-client";
    /**
     * Self-signed and trusted by its key, not its issuer: it need not expire soon. Renewed (same key) when the
     * operator starts with a third of it left — an operator runs far shorter than that between upgrades.
     */
    static final Duration VALIDITY = Duration.ofDays(3650);

    private final IssuedCertificate identity;
    private final Set<X509Certificate> clusterCas = ConcurrentHashMap.newKeySet();
    private final SSLContext context;

    OperatorCredentials(IssuedCertificate identity) {
        this.identity = identity;
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(Pkcs12.keyStore(identity, ""), new char[0]);
            context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), new TrustManager[] {new dev.muninn.pki.SignedByTrust(() -> clusterCas)}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /**
     * The operator's certificate from the Secret {@value #SECRET} in {@code namespace}, made there on first start.
     * Without a namespace (the operator run outside a cluster) it lives as long as the process.
     */
    public static OperatorCredentials load(KubernetesClient client, String namespace) {
        if (namespace == null || namespace.isBlank()) {
            LOG.warn("event=operator-certificate-ephemeral reason=\"POD_NAMESPACE is not set: a restarted operator "
                    + "gets a new certificate, and secured clusters' pods are replaced to know it\"");
            return new OperatorCredentials(CertificateAuthority.selfSignedClient("muninn-operator", VALIDITY));
        }
        Secret existing = client.secrets().inNamespace(namespace).withName(SECRET).get();
        if (existing != null) {
            IssuedCertificate current = ClusterCertificates.read(existing);
            IssuedCertificate renewed = renewedIfDue(current, java.time.Instant.now());
            if (renewed == current) {
                return new OperatorCredentials(current);
            }
            existing.setData(ClusterCertificates.tlsData(renewed, renewed.certificate()));
            client.resource(existing).update();
            LOG.infof("event=operator-certificate-renewed secret=%s/%s thumbprint=%s not_after=%s", namespace, SECRET,
                    renewed.thumbprint(), renewed.certificate().getNotAfter().toInstant());
            return new OperatorCredentials(renewed);
        }
        IssuedCertificate identity = CertificateAuthority.selfSignedClient("muninn-operator", VALIDITY);
        client.resource(new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata().withName(SECRET)
                .withNamespace(namespace).endMetadata().withType("kubernetes.io/tls")
                .withData(ClusterCertificates.tlsData(identity, identity.certificate())).build()).create();
        LOG.infof("event=operator-certificate-created secret=%s/%s thumbprint=%s", namespace, SECRET,
                identity.thumbprint());
        return new OperatorCredentials(identity);
    }

    /**
     * {@code current}, or when a third of its validity is left a renewal with the same key: nodes know the operator
     * by its public key pinning hash, which stays.
     */
    static IssuedCertificate renewedIfDue(IssuedCertificate current, java.time.Instant now) {
        if (!ClusterCertificates.renewalDue(current.certificate(), now)) {
            return current;
        }
        return CertificateAuthority.selfSignedClient("muninn-operator", VALIDITY,
                new java.security.KeyPair(current.certificate().getPublicKey(), current.key()));
    }

    /** What secured nodes put in Security.WellKnownCertificates.Admin for the operator. */
    public String pinningHash() {
        return Thumbprints.publicKeyPinningHash(identity.certificate());
    }

    public SSLContext sslContext() {
        return context;
    }

    /** From now on, nodes with certificates of {@code ca} are trusted. */
    public void trust(X509Certificate ca) {
        clusterCas.add(ca);
    }
}
