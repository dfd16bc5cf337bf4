package dev.muninn.operator.reconcile;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

import dev.muninn.operator.model.ClusterCas;
import dev.muninn.operator.model.ClusterCertificates;
import dev.muninn.operator.model.ClusterModel;
import dev.muninn.operator.tls.OperatorCredentials;
import dev.muninn.operator.tls.ServedCertificate;
import dev.muninn.pki.CertificateAuthority;
import dev.muninn.pki.IssuedCertificate;
import dev.muninn.pki.Thumbprints;

/**
 * The certificates of a secured cluster, kept current: its CA (made once, rotated as {@link ClusterCas} describes),
 * the nodes' master key, an admin client certificate for people, and a certificate per node for every name it is
 * reached by — each made when missing, and renewed (a new Secret content the running node re-reads, no restart)
 * when a third of its validity is left, when another CA signed it, when its names or the trusted CAs changed. The
 * admin certificate keeps its key when renewed: the nodes know it by its public key pinning hash, as they know the
 * operator's.
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
        ClusterCas cas = cas(model, cluster, events);
        cas.trusted().forEach(operator::trust);
        CertificateAuthority ca = new CertificateAuthority(cas.signer());
        if (get(model, ClusterCertificates.masterKeySecretName(model)) == null) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            client.resource(ClusterCertificates.masterKeySecret(model, key)).create();
        }
        IssuedCertificate admin = admin(model, ca, cas, cluster, events);
        for (int ordinal : model.ordinals()) {
            node(model, ordinal, ca, cas, cluster, events);
        }
        List<String> admins = new ArrayList<>();
        admins.add(operator.pinningHash());
        admins.add(Thumbprints.publicKeyPinningHash(admin.certificate()));
        return model.withWellKnownAdmins(admins);
    }

    /** The cluster's CAs: made when missing; a rotation started when due or asked for (see {@link ClusterCas}). */
    private ClusterCas cas(ClusterModel model, dev.muninn.operator.api.v1alpha1.MuninnCluster cluster,
                           EventRecorder events) {
        Secret secret = get(model, ClusterCertificates.caSecretName(model));
        if (secret == null) {
            CertificateAuthority ca = CertificateAuthority.generate(caName(model), CA_VALIDITY);
            client.resource(ClusterCertificates.caSecret(model, ca.identity())).create();
            events.normal(cluster, "CertificateAuthorityCreated", "Created the cluster's CA in Secret "
                    + ClusterCertificates.caSecretName(model));
            return new ClusterCas(ca.identity(), null, null);
        }
        ClusterCas cas = ClusterCas.read(secret);
        if (cas.rotationDue(secret, clock.instant())) {
            CertificateAuthority next = CertificateAuthority.generate(caName(model), CA_VALIDITY);
            cas = cas.trusting(next.identity());
            secret.setData(cas.data());
            if (secret.getMetadata().getAnnotations() != null) {
                secret.getMetadata().getAnnotations().remove(ClusterCas.FORCE_RENEW);
            }
            client.resource(secret).update();
            events.normal(cluster, "CertificateAuthorityRotationStarted", "A new CA is trusted beside the old one "
                    + "(Secret " + secret.getMetadata().getName() + "); certificates are issued again from it once "
                    + "every node trusts both");
        }
        return cas;
    }

    /** Each CA its own name (issued at): two CAs of one cluster are told apart by their subjects too. */
    private String caName(ClusterModel model) {
        return model.name() + "." + model.namespace() + " CA " + clock.instant().truncatedTo(
                java.time.temporal.ChronoUnit.SECONDS);
    }

    /**
     * Moves a CA rotation on once every node serves a certificate of the current phase: issued by the signing CA,
     * with the phase's trust bundle (its Secret and what the node serves match). Nothing happens while one does not.
     * Returns whether a rotation is still under way.
     */
    boolean advanceRotation(ClusterModel model, Map<Integer, Pod> pods,
                            dev.muninn.operator.api.v1alpha1.MuninnCluster cluster, EventRecorder events) {
        Secret caSecret = get(model, ClusterCertificates.caSecretName(model));
        if (caSecret == null) {
            return false;
        }
        ClusterCas cas = ClusterCas.read(caSecret);
        if (cas.phase() == ClusterCas.Phase.STEADY) {
            return false;
        }
        for (int ordinal : model.ordinals()) {
            Pod pod = pods.get(ordinal);
            Secret secret = get(model, ClusterCertificates.nodeSecretName(model, ordinal));
            if (pod == null || !NodePods.ready(pod) || secret == null || !cas.bundledIn(secret)) {
                return true;
            }
            IssuedCertificate leaf = ClusterCertificates.read(secret);
            if (!ClusterCertificates.signedBy(leaf.certificate(), cas.signer().certificate())) {
                return true;
            }
            try {
                if (!leaf.thumbprint().equals(ServedCertificate.thumbprint(NodePods.url(pod),
                        operator.sslContext()))) {
                    return true; // the kubelet has not refreshed its files yet, or the node has not re-read them
                }
            } catch (java.io.IOException | RuntimeException e) {
                return true;
            }
        }
        boolean trusting = cas.phase() == ClusterCas.Phase.TRUSTING;
        ClusterCas advanced = trusting ? cas.retiring() : cas.retired();
        caSecret.setData(advanced.data());
        client.resource(caSecret).update();
        events.normal(cluster, trusting ? "CertificateAuthorityRotating" : "CertificateAuthorityRotated", trusting
                ? "Every node trusts the new CA: it signs from now on, the old one is still trusted"
                : "Every node serves a certificate of the new CA: the old one is no longer trusted");
        LOG.infof("namespace=%s name=%s event=ca-rotation-advanced phase=%s", model.namespace(), model.name(),
                advanced.phase());
        return true; // the last step still reissues certificates without the old CA
    }

    private IssuedCertificate admin(ClusterModel model, CertificateAuthority ca, ClusterCas cas,
                                    dev.muninn.operator.api.v1alpha1.MuninnCluster cluster, EventRecorder events) {
        String name = ClusterCertificates.adminSecretName(model);
        Secret secret = get(model, name);
        IssuedCertificate current = secret == null ? null : ClusterCertificates.read(secret);
        if (current != null && !due(current.certificate(), ca, List.of()) && cas.bundledIn(secret)) {
            return current;
        }
        KeyPair keys = current == null ? CertificateAuthority.newKeyPair()
                : new KeyPair(current.certificate().getPublicKey(), current.key());
        IssuedCertificate admin = ca.issueClient(model.name() + "-admin", model.certificateValidity(), keys);
        client.resource(ClusterCertificates.adminSecret(model, admin, cas.trusted()))
                .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
        events.normal(cluster, current == null ? "CertificateCreated" : "CertificateRenewed", "Admin client certificate in "
                + "Secret " + name + " valid until " + admin.certificate().getNotAfter().toInstant());
        return admin;
    }

    private void node(ClusterModel model, int ordinal, CertificateAuthority ca, ClusterCas cas,
                      dev.muninn.operator.api.v1alpha1.MuninnCluster cluster, EventRecorder events) {
        String name = ClusterCertificates.nodeSecretName(model, ordinal);
        Secret secret = get(model, name);
        List<String> names = ClusterCertificates.nodeDnsNames(model, ordinal);
        IssuedCertificate current = secret == null ? null : ClusterCertificates.read(secret);
        // Issued again (a new key) when the trust bundle changed too: the node then serves a certificate that says
        // it has read the new bundle, which is how a CA rotation knows it may go on.
        if (current != null && !due(current.certificate(), ca, names) && cas.bundledIn(secret)) {
            return;
        }
        IssuedCertificate node = ca.issueNode(model.podName(ordinal), names, List.of(), model.certificateValidity());
        client.resource(ClusterCertificates.nodeSecret(model, ordinal, node, cas.trusted()))
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
