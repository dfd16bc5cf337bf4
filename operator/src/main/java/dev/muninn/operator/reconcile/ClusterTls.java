package dev.muninn.operator.reconcile;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

import dev.muninn.operator.model.ClusterCertificates;
import dev.muninn.operator.model.ClusterModel;
import dev.muninn.operator.tls.OperatorCredentials;
import dev.muninn.pki.CertificateAuthority;
import dev.muninn.pki.IssuedCertificate;
import dev.muninn.pki.Thumbprints;

/**
 * The certificates of a secured cluster, kept current: its CA (made once), the nodes' master key, an admin client
 * certificate for people, and a certificate per node for every name it is reached by — each made when missing,
 * and renewed (a new Secret content the running node re-reads, no restart) when a third of its validity is left,
 * when another CA signed it, or when its names changed. The admin certificate keeps its key when renewed: the nodes
 * know it by its public key pinning hash, as they know the operator's.
 */
final class ClusterTls {
    private static final Logger LOG = Logger.getLogger(ClusterTls.class);
    static final java.time.Duration CA_VALIDITY = java.time.Duration.ofDays(3650);

    private final KubernetesClient client;
    private final OperatorCredentials operator;
    private final Clock clock;

    ClusterTls(KubernetesClient client, OperatorCredentials operator, Clock clock) {
        this.client = client;
        this.operator = operator;
        this.clock = clock;
    }

    /** Makes or renews what is due; returns the model whose nodes know the operator and admin as cluster admins. */
    ClusterModel ensure(ClusterModel model, dev.muninn.operator.api.v1alpha1.MuninnCluster cluster,
                        EventRecorder events) {
        CertificateAuthority ca = ca(model, cluster, events);
        operator.trust(ca.certificate());
        if (get(model, ClusterCertificates.masterKeySecretName(model)) == null) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            client.resource(ClusterCertificates.masterKeySecret(model, key)).create();
        }
        IssuedCertificate admin = admin(model, ca, cluster, events);
        for (int ordinal : model.ordinals()) {
            node(model, ordinal, ca, cluster, events);
        }
        List<String> admins = new ArrayList<>();
        admins.add(operator.pinningHash());
        admins.add(Thumbprints.publicKeyPinningHash(admin.certificate()));
        return model.withWellKnownAdmins(admins);
    }

    private CertificateAuthority ca(ClusterModel model, dev.muninn.operator.api.v1alpha1.MuninnCluster cluster, EventRecorder events) {
        Secret secret = get(model, ClusterCertificates.caSecretName(model));
        if (secret != null) {
            return new CertificateAuthority(ClusterCertificates.read(secret));
        }
        CertificateAuthority ca = CertificateAuthority.generate(model.name() + "." + model.namespace() + " CA",
                CA_VALIDITY);
        client.resource(ClusterCertificates.caSecret(model, ca.identity())).create();
        events.normal(cluster, "CertificateAuthorityCreated", "Created the cluster's CA in Secret "
                + ClusterCertificates.caSecretName(model));
        return ca;
    }

    private IssuedCertificate admin(ClusterModel model, CertificateAuthority ca, dev.muninn.operator.api.v1alpha1.MuninnCluster cluster, EventRecorder events) {
        String name = ClusterCertificates.adminSecretName(model);
        Secret secret = get(model, name);
        IssuedCertificate current = secret == null ? null : ClusterCertificates.read(secret);
        if (current != null && !due(current.certificate(), ca, List.of())) {
            return current;
        }
        KeyPair keys = current == null ? CertificateAuthority.newKeyPair()
                : new KeyPair(current.certificate().getPublicKey(), current.key());
        IssuedCertificate admin = ca.issueClient(model.name() + "-admin", model.certificateValidity(), keys);
        client.resource(ClusterCertificates.adminSecret(model, admin, ca.certificate()))
                .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
        events.normal(cluster, current == null ? "CertificateCreated" : "CertificateRenewed", "Admin client certificate in "
                + "Secret " + name + " valid until " + admin.certificate().getNotAfter().toInstant());
        return admin;
    }

    private void node(ClusterModel model, int ordinal, CertificateAuthority ca, dev.muninn.operator.api.v1alpha1.MuninnCluster cluster, EventRecorder events) {
        String name = ClusterCertificates.nodeSecretName(model, ordinal);
        Secret secret = get(model, name);
        List<String> names = ClusterCertificates.nodeDnsNames(model, ordinal);
        IssuedCertificate current = secret == null ? null : ClusterCertificates.read(secret);
        if (current != null && !due(current.certificate(), ca, names)) {
            return;
        }
        IssuedCertificate node = ca.issueNode(model.podName(ordinal), names, List.of(), model.certificateValidity());
        client.resource(ClusterCertificates.nodeSecret(model, ordinal, node, ca.certificate()))
                .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
        events.normal(cluster, current == null ? "CertificateCreated" : "CertificateRenewed", "Node certificate of "
                + model.podName(ordinal) + " in Secret " + name + " valid until "
                + node.certificate().getNotAfter().toInstant());
        LOG.infof("namespace=%s name=%s event=node-certificate-issued pod=%s thumbprint=%s renewal=%s",
                model.namespace(), model.name(), model.podName(ordinal), node.thumbprint(), current != null);
    }

    /** Renewal due, signed by another CA, or (for a node) without one of the names it is reached by. */
    private boolean due(X509Certificate certificate, CertificateAuthority ca, Collection<String> names) {
        if (ClusterCertificates.renewalDue(certificate, clock.instant())) {
            return true;
        }
        if (!ClusterCertificates.signedBy(certificate, ca.certificate())) {
            return true;
        }
        if (names.isEmpty()) {
            return false;
        }
        try {
            List<String> present = new ArrayList<>();
            if (certificate.getSubjectAlternativeNames() != null) {
                certificate.getSubjectAlternativeNames().forEach(san -> present.add(String.valueOf(san.get(1))));
            }
            return !present.containsAll(names);
        } catch (CertificateParsingException e) {
            return true;
        }
    }

    private Secret get(ClusterModel model, String name) {
        return client.secrets().inNamespace(model.namespace()).withName(name).get();
    }
}
