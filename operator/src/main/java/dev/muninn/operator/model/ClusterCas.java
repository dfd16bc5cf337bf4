package dev.muninn.operator.model;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Secret;

import dev.muninn.pki.IssuedCertificate;
import dev.muninn.pki.Pem;

/**
 * The CAs a secured cluster's CA Secret holds, and where a rotation of its CA stands — without I/O. Steady: one CA
 * signs and is trusted. A rotation goes through two phases, each left only once every node serves a certificate
 * issued in it, so no node ever meets a peer it cannot verify:
 * <ol>
 * <li><b>Trusting</b>: a new CA ({@code next.crt}/{@code next.key}) is trusted beside the old one, which still signs;
 * every Secret's {@code ca.crt} becomes the bundle of both.</li>
 * <li><b>Retiring</b>: the new CA signs; the old one ({@code previous.crt}) is still trusted while certificates are
 * issued again from the new one.</li>
 * </ol>
 * Then the old CA is dropped from the bundles. A rotation starts when a third of the CA's validity is left, or when
 * the Secret is annotated {@value #FORCE_RENEW}{@code =true}.
 */
public record ClusterCas(IssuedCertificate signer, IssuedCertificate next, X509Certificate previous) {
    public static final String NEXT_CRT = "next.crt";
    public static final String NEXT_KEY = "next.key";
    public static final String PREVIOUS_CRT = "previous.crt";
    /** As Strimzi's: annotate the CA Secret to rotate the CA now. */
    public static final String FORCE_RENEW = "muninn.dev/force-renew";

    public enum Phase {
        STEADY, TRUSTING, RETIRING
    }

    /** The CAs of a CA Secret (its {@code tls.crt}/{@code tls.key} sign). */
    public static ClusterCas read(Secret secret) {
        Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
        IssuedCertificate signer = ClusterCertificates.read(secret);
        IssuedCertificate next = data.containsKey(NEXT_CRT) && data.containsKey(NEXT_KEY)
                ? new IssuedCertificate(Pem.readPrivateKey(decode(data.get(NEXT_KEY))),
                Pem.readCertificates(decode(data.get(NEXT_CRT)))) : null;
        X509Certificate previous = data.containsKey(PREVIOUS_CRT)
                ? Pem.readCertificates(decode(data.get(PREVIOUS_CRT))).get(0) : null;
        return new ClusterCas(signer, next, previous);
    }

    public Phase phase() {
        return next != null ? Phase.TRUSTING : previous != null ? Phase.RETIRING : Phase.STEADY;
    }

    /** Every CA a node or client must trust now: the signer first. */
    public List<X509Certificate> trusted() {
        List<X509Certificate> trusted = new ArrayList<>();
        trusted.add(signer.certificate());
        if (next != null) {
            trusted.add(next.certificate());
        }
        if (previous != null) {
            trusted.add(previous);
        }
        return trusted;
    }

    /** Whether a rotation should start: steady, and asked for or a third of the CA's validity left. */
    public boolean rotationDue(Secret secret, java.time.Instant now) {
        if (phase() != Phase.STEADY) {
            return false;
        }
        Map<String, String> annotations = secret.getMetadata().getAnnotations();
        return annotations != null && "true".equalsIgnoreCase(annotations.get(FORCE_RENEW))
                || ClusterCertificates.renewalDue(signer.certificate(), now);
    }

    /** Phase Trusting: {@code newCa} is trusted beside the signer. */
    public ClusterCas trusting(IssuedCertificate newCa) {
        return new ClusterCas(signer, newCa, null);
    }

    /** Phase Retiring: the new CA signs, the old one is still trusted. */
    public ClusterCas retiring() {
        if (next == null) {
            throw new IllegalStateException("no new CA to sign with");
        }
        return new ClusterCas(next, null, signer.certificate());
    }

    /** Steady again: only the new CA. */
    public ClusterCas retired() {
        return new ClusterCas(signer, null, null);
    }

    /** The CA Secret's data for this state. */
    public Map<String, String> data() {
        Map<String, String> data = ClusterCertificates.tlsData(signer, signer.certificate());
        if (next != null) {
            data.put(NEXT_CRT, base64(Pem.certificates(next.chain())));
            data.put(NEXT_KEY, base64(Pem.privateKey(next.key())));
        }
        if (previous != null) {
            data.put(PREVIOUS_CRT, base64(Pem.certificates(List.of(previous))));
        }
        data.put(ClusterCertificates.CA_CRT, base64(Pem.certificates(trusted())));
        return data;
    }

    /** Whether a Secret's {@code ca.crt} is this bundle. */
    public boolean bundledIn(Secret secret) {
        Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
        String bundle = data.get(ClusterCertificates.CA_CRT);
        return bundle != null && Pem.readCertificates(decode(bundle)).equals(trusted());
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
    }
}
