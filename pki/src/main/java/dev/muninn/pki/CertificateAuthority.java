package dev.muninn.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A cluster's certificate authority: it signs the nodes' certificates (server and client use: nodes authenticate each
 * other by it) and clients' certificates. Keys are EC P-256: small, fast to make, understood by every RavenDB client.
 * Certificates start an hour in the past, so a clock a little behind still accepts a fresh one.
 */
public final class CertificateAuthority {
    private static final Duration CLOCK_SKEW = Duration.ofHours(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final IssuedCertificate ca;

    public CertificateAuthority(IssuedCertificate ca) {
        if (ca.certificate().getBasicConstraints() < 0) {
            throw new IllegalArgumentException("Certificate " + ca.certificate().getSubjectX500Principal()
                    + " is not a certificate authority (basic constraints)");
        }
        this.ca = ca;
    }

    /** A new self-signed CA named {@code commonName}. */
    public static CertificateAuthority generate(String commonName, Duration validity) {
        KeyPair keys = newKeyPair();
        X500Principal subject = new X500Principal("CN=" + commonName);
        X509Certificate certificate = sign(subject, keys.getPublic(), subject, keys.getPrivate(), validity,
                builder -> {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
                    builder.addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
                });
        return new CertificateAuthority(new IssuedCertificate(keys.getPrivate(), List.of(certificate)));
    }

    public IssuedCertificate identity() {
        return ca;
    }

    public X509Certificate certificate() {
        return ca.certificate();
    }

    /** A node's certificate: server and client authentication, valid for the names and addresses peers use. */
    public IssuedCertificate issueNode(String commonName, List<String> dnsNames, List<String> ipAddresses,
                                       Duration validity) {
        return issue(commonName, dnsNames, ipAddresses, validity, newKeyPair(),
                new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth});
    }

    /** A client's certificate (client authentication only). */
    public IssuedCertificate issueClient(String commonName, Duration validity) {
        return issueClient(commonName, validity, newKeyPair());
    }

    /** A client's certificate for a key pair it already has: a renewal that keeps the public key pinning hash. */
    public IssuedCertificate issueClient(String commonName, Duration validity, KeyPair keys) {
        return issue(commonName, List.of(), List.of(), validity, keys,
                new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth});
    }

    private IssuedCertificate issue(String commonName, List<String> dnsNames, List<String> ipAddresses,
                                    Duration validity, KeyPair keys, KeyPurposeId[] purposes) {
        X509Certificate certificate = sign(new X500Principal("CN=" + commonName), keys.getPublic(),
                ca.certificate().getSubjectX500Principal(), ca.key(), validity, builder -> {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    builder.addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                    builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
                    builder.addExtension(Extension.authorityKeyIdentifier, false,
                            extensions().createAuthorityKeyIdentifier(ca.certificate()));
                    List<GeneralName> names = new ArrayList<>();
                    dnsNames.forEach(name -> names.add(new GeneralName(GeneralName.dNSName, name)));
                    ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
                    if (!names.isEmpty()) {
                        builder.addExtension(Extension.subjectAlternativeName, false,
                                new GeneralNames(names.toArray(new GeneralName[0])));
                    }
                });
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(certificate);
        chain.addAll(ca.chain());
        return new IssuedCertificate(keys.getPrivate(), chain);
    }

    /**
     * A self-signed client certificate with a new RSA key: what a node hands out for RavenDB's
     * CreateClientCertificateOperation. It is trusted by its registration in the cluster, not by an issuer.
     */
    public static IssuedCertificate selfSignedClient(String commonName, Duration validity) {
        return selfSignedClient(commonName, validity, newRsaKeyPair());
    }

    /** A self-signed client certificate for a key pair already known (by its pinning hash): a renewal. */
    public static IssuedCertificate selfSignedClient(String commonName, Duration validity, KeyPair keys) {
        X500Principal subject = new X500Principal("CN=" + commonName);
        X509Certificate certificate = sign(subject, keys.getPublic(), subject, keys.getPrivate(), validity,
                builder -> {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    builder.addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                    builder.addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
                });
        return new IssuedCertificate(keys.getPrivate(), List.of(certificate));
    }

    public static KeyPair newRsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA keys are part of every JDK", e);
        }
    }

    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 keys are part of every JDK", e);
        }
    }

    private interface Extensions {
        void add(X509v3CertificateBuilder builder) throws CertIOException, GeneralSecurityException;
    }

    private static X509Certificate sign(X500Principal subject, PublicKey publicKey, X500Principal issuer,
                                        PrivateKey issuerKey, Duration validity, Extensions extensions) {
        Instant now = Instant.now();
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    new BigInteger(127, RANDOM).add(BigInteger.ONE), Date.from(now.minus(CLOCK_SKEW)),
                    Date.from(now.plus(validity)), subject, publicKey);
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions().createSubjectKeyIdentifier(publicKey));
            extensions.add(builder);
            String algorithm = "EC".equals(issuerKey.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKey)));
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot sign a certificate for " + subject + ": " + e.getMessage(), e);
        }
    }

    private static JcaX509ExtensionUtils extensions() {
        try {
            return new JcaX509ExtensionUtils();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }
}
