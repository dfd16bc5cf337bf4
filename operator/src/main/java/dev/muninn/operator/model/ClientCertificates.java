package dev.muninn.operator.model;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;

import dev.muninn.operator.api.v1alpha1.Labels;
import dev.muninn.operator.api.v1alpha1.MuninnClientCertificate;
import dev.muninn.operator.api.v1alpha1.MuninnClientCertificateSpec;
import dev.muninn.operator.api.v1alpha1.spec.ClientClearance;
import dev.muninn.operator.api.v1alpha1.spec.IssuedCertificateRef;
import dev.muninn.pki.IssuedCertificate;
import dev.muninn.pki.Pkcs12;

/**
 * A {@link MuninnClientCertificate} as what it stands for, without I/O: the Secret its holder reads, the grant the
 * cluster should hold for it, when its certificate must be issued again, and which registered versions have expired.
 */
public final class ClientCertificates {
    /** The PKCS#12 form in the Secret, without a password, for clients that take a keystore (Java, .NET). */
    public static final String KEYSTORE = "keystore.p12";
    public static final String COMPONENT = "client-certificate";

    private ClientCertificates() {
    }

    /** The certificate's name in the cluster and its subject: spec.name, else the resource's name. */
    public static String certificateName(MuninnClientCertificate resource) {
        String name = resource.getSpec().getName();
        return name == null || name.isBlank() ? resource.getMetadata().getName() : name.trim();
    }

    public static String secretName(MuninnClientCertificate resource) {
        String name = resource.getSpec().getSecretName();
        return name == null || name.isBlank() ? resource.getMetadata().getName() : name.trim();
    }

    /** spec.validityDays, else the cluster's certificate validity. */
    public static Duration validity(MuninnClientCertificate resource, ClusterModel cluster) {
        Integer days = resource.getSpec().getValidityDays();
        return days == null ? cluster.certificateValidity() : Duration.ofDays(days);
    }

    /** RavenDB's clearance name of the spec (ValidUser when unset). */
    public static String clearance(MuninnClientCertificateSpec spec) {
        return (spec.getClearance() == null ? ClientClearance.ValidUser : spec.getClearance()).name();
    }

    /** The spec's permissions as the node's API takes them (only a ValidUser's count; others see everything). */
    public static Map<String, String> permissions(MuninnClientCertificateSpec spec) {
        Map<String, String> permissions = new LinkedHashMap<>();
        if (spec.getPermissions() != null && ClientClearance.ValidUser.name().equals(clearance(spec))) {
            spec.getPermissions().forEach((database, access) -> permissions.put(database, access.name()));
        }
        return permissions;
    }

    /**
     * Whether the certificate must be issued (again): there is none, a third of its validity is left, another CA
     * signed it (the cluster's CA changed) or it names someone else.
     */
    public static boolean mustIssue(IssuedCertificate current, X509Certificate ca, String name, Instant now) {
        if (current == null) {
            return true;
        }
        X509Certificate certificate = current.certificate();
        return ClusterCertificates.renewalDue(certificate, now) || !ClusterCertificates.signedBy(certificate, ca)
                || !certificate.getSubjectX500Principal().getName().equals("CN=" + name);
    }

    /** The Secret the holder reads: the kubernetes.io/tls layout plus the PKCS#12 form, owned by the resource. */
    public static Secret secret(MuninnClientCertificate resource, IssuedCertificate issued, X509Certificate ca) {
        return secret(resource, issued, List.of(ca));
    }

    /** As above, trusting every CA of {@code trusted} (both during a CA rotation). */
    public static Secret secret(MuninnClientCertificate resource, IssuedCertificate issued,
                                List<X509Certificate> trusted) {
        Map<String, String> data = ClusterCertificates.tlsData(issued, trusted);
        data.put(KEYSTORE, Base64.getEncoder().encodeToString(Pkcs12.write(issued, "")));
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.NAME, Labels.NAME_VALUE);
        labels.put(Labels.INSTANCE, resource.getSpec().getClusterRef().getName());
        labels.put(Labels.COMPONENT, COMPONENT);
        labels.put(Labels.MANAGED_BY, Labels.OPERATOR);
        return ClusterCertificates.tlsSecret(resource.getMetadata().getNamespace(), secretName(resource), labels,
                owner(resource), data);
    }

    /** Whether {@code secret} is this resource's (it owns it): another's Secret is never overwritten. */
    public static boolean ownedBy(Secret secret, MuninnClientCertificate resource) {
        return secret.getMetadata().getOwnerReferences() != null && secret.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> resource.getMetadata().getUid() != null
                        && resource.getMetadata().getUid().equals(o.getUid()));
    }

    /** The registered versions with {@code current} added (once); those expired at {@code now} dropped. */
    public static List<IssuedCertificateRef> registered(List<IssuedCertificateRef> before, IssuedCertificateRef current,
                                                        Instant now) {
        List<IssuedCertificateRef> result = new ArrayList<>();
        for (IssuedCertificateRef ref : before == null ? List.<IssuedCertificateRef>of() : before) {
            if (!ref.getThumbprint().equalsIgnoreCase(current.getThumbprint()) && !expired(ref, now)) {
                result.add(ref);
            }
        }
        result.add(current);
        return result;
    }

    /** The registered versions that have expired at {@code now}: to unregister. */
    public static List<IssuedCertificateRef> expired(List<IssuedCertificateRef> registered, Instant now) {
        return registered == null ? List.of() : registered.stream().filter(ref -> expired(ref, now)).toList();
    }

    private static boolean expired(IssuedCertificateRef ref, Instant now) {
        return ref.getNotAfter() != null && !now.isBefore(Instant.parse(ref.getNotAfter()));
    }

    /** When the certificate should be looked at again: when its renewal falls due. */
    public static Instant renewalAt(X509Certificate certificate) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        long validity = Duration.between(notBefore, notAfter).toMillis();
        return notAfter.minusMillis((long) (validity * ClusterCertificates.RENEW_WHEN_LEFT));
    }

    private static OwnerReference owner(MuninnClientCertificate resource) {
        return new OwnerReferenceBuilder().withApiVersion(resource.getApiVersion()).withKind(resource.getKind())
                .withName(resource.getMetadata().getName()).withUid(resource.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }
}
