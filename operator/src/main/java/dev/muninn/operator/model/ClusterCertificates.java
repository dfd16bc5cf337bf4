package dev.muninn.operator.model;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;

import dev.muninn.pki.IssuedCertificate;
import dev.muninn.pki.Pem;

/**
 * The certificates of a secured cluster as Kubernetes Secrets, without I/O: the cluster's CA, each node's certificate
 * (server and client use, for every name peers and in-cluster clients reach it by) and when one is due for renewal.
 * Secrets use the {@code kubernetes.io/tls} layout ({@code tls.crt}, {@code tls.key}, {@code ca.crt}), which the node
 * reads as PEM and cert-manager writes the same way.
 */
public final class ClusterCertificates {
    public static final String TLS_CRT = "tls.crt";
    public static final String TLS_KEY = "tls.key";
    public static final String CA_CRT = "ca.crt";
    public static final String MASTER_KEY = "master.key";
    /** A certificate is renewed once less than this share of its validity is left. */
    static final double RENEW_WHEN_LEFT = 1.0 / 3;

    private ClusterCertificates() {
    }

    public static String caSecretName(ClusterModel model) {
        return model.name() + "-ca";
    }

    public static String nodeSecretName(ClusterModel model, int ordinal) {
        return model.podName(ordinal) + "-tls";
    }

    /** The admin client certificate a person (or a test) connects with; the nodes know it as a cluster admin. */
    public static String adminSecretName(ClusterModel model) {
        return model.name() + "-admin-client";
    }

    /** The nodes' master key (it wraps their databases' encryption keys), kept off their data volumes. */
    public static String masterKeySecretName(ClusterModel model) {
        return model.name() + "-master-key";
    }

    public static Secret masterKeySecret(ClusterModel model, byte[] key) {
        return new SecretBuilder()
                .withNewMetadata()
                    .withName(masterKeySecretName(model))
                    .withNamespace(model.namespace())
                    .withLabels(model.labels())
                    .withOwnerReferences(model.owner())
                .endMetadata()
                .withType("Opaque")
                .withData(Map.of(MASTER_KEY, Base64.getEncoder().encodeToString(key)))
                .build();
    }

    public static Secret adminSecret(ClusterModel model, IssuedCertificate admin, X509Certificate ca) {
        return adminSecret(model, admin, List.of(ca));
    }

    public static Secret adminSecret(ClusterModel model, IssuedCertificate admin, List<X509Certificate> trusted) {
        return tlsSecret(model.namespace(), adminSecretName(model), model.labels(), model.owner(),
                tlsData(admin, trusted));
    }

    /** Every name a node is reached by: its pod record under the headless Service, and the client Service. */
    public static List<String> nodeDnsNames(ClusterModel model, int ordinal) {
        String pod = model.podName(ordinal) + "." + model.headlessServiceName();
        String service = model.clientServiceName();
        String namespace = model.namespace();
        List<String> names = new ArrayList<>();
        names.add(model.nodeHost(ordinal));
        names.add(pod + "." + namespace + ".svc");
        names.add(pod + "." + namespace);
        names.add(pod);
        names.add(service + "." + namespace + ".svc." + ClusterModel.CLUSTER_DOMAIN);
        names.add(service + "." + namespace + ".svc");
        names.add(service);
        return names;
    }

    /** Whether {@code certificate} has less than a third of its validity left at {@code now} (or is not valid). */
    public static boolean renewalDue(X509Certificate certificate, Instant now) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (now.isBefore(notBefore) || !now.isBefore(notAfter)) {
            return true;
        }
        Duration validity = Duration.between(notBefore, notAfter);
        Duration left = Duration.between(now, notAfter);
        return left.toMillis() < validity.toMillis() * RENEW_WHEN_LEFT;
    }

    /** Whether {@code ca}'s key signed {@code certificate}. */
    public static boolean signedBy(X509Certificate certificate, X509Certificate ca) {
        try {
            certificate.verify(ca.getPublicKey());
            return true;
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }

    public static Secret caSecret(ClusterModel model, IssuedCertificate ca) {
        return tlsSecret(model, caSecretName(model), ca, ca.certificate(), model.labels());
    }

    public static Secret nodeSecret(ClusterModel model, int ordinal, IssuedCertificate node, X509Certificate ca) {
        return nodeSecret(model, ordinal, node, List.of(ca));
    }

    public static Secret nodeSecret(ClusterModel model, int ordinal, IssuedCertificate node,
                                    List<X509Certificate> trusted) {
        return tlsSecret(model.namespace(), nodeSecretName(model, ordinal), model.nodeLabels(ordinal), model.owner(),
                tlsData(node, trusted));
    }

    /** The data of a {@code kubernetes.io/tls} Secret: the chain, the key (PKCS#8) and the CA, PEM. */
    public static Map<String, String> tlsData(IssuedCertificate certificate, X509Certificate ca) {
        return tlsData(certificate, List.of(ca));
    }

    /** As {@link #tlsData(IssuedCertificate, X509Certificate)}, trusting every CA of {@code trusted} (a rotation). */
    public static Map<String, String> tlsData(IssuedCertificate certificate, List<X509Certificate> trusted) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(TLS_CRT, base64(Pem.certificates(certificate.chain())));
        data.put(TLS_KEY, base64(Pem.privateKey(certificate.key())));
        data.put(CA_CRT, base64(Pem.certificates(trusted)));
        return data;
    }

    private static Secret tlsSecret(ClusterModel model, String name, IssuedCertificate certificate, X509Certificate ca,
                                    Map<String, String> labels) {
        return tlsSecret(model.namespace(), name, labels, model.owner(), tlsData(certificate, ca));
    }

    /** A {@code kubernetes.io/tls} Secret of {@code data} (see {@link #tlsData}), owned by {@code owner}. */
    public static Secret tlsSecret(String namespace, String name, Map<String, String> labels, OwnerReference owner,
                                   Map<String, String> data) {
        return new SecretBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withNamespace(namespace)
                    .withLabels(labels)
                    .withOwnerReferences(owner)
                .endMetadata()
                .withType("kubernetes.io/tls")
                .withData(data)
                .build();
    }

    /** The certificate and key a {@code kubernetes.io/tls} Secret holds. */
    public static IssuedCertificate read(Secret secret) {
        Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
        if (!data.containsKey(TLS_CRT) || !data.containsKey(TLS_KEY)) {
            throw new IllegalArgumentException("Secret " + secret.getMetadata().getName() + " has no " + TLS_CRT
                    + " and " + TLS_KEY);
        }
        return new IssuedCertificate(Pem.readPrivateKey(decode(data.get(TLS_KEY))),
                Pem.readCertificates(decode(data.get(TLS_CRT))));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
    }
}
