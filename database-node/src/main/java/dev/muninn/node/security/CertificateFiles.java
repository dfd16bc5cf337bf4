package dev.muninn.node.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.muninn.pki.IssuedCertificate;
import dev.muninn.pki.Pem;
import dev.muninn.pki.Pkcs12;

/**
 * Where a node's certificate lives on disk, after RavenDB's {@code Security.Certificate.Path} (a PKCS#12 file, with
 * {@code Security.Certificate.Password}) or, as Kubernetes Secrets and cert-manager write them, PEM: the chain in
 * {@code Security.Certificate.Path} and the key there too or in {@code Security.Certificate.Key.Path}. The cluster's
 * CA, which every node's certificate must chain to, is {@code Security.Certificate.Ca.Path} (PEM), else the root at
 * the end of the node's own chain.
 */
public record CertificateFiles(Path certificate, Optional<String> password, Optional<Path> key, Optional<Path> ca) {
    public static final String PATH = "Security.Certificate.Path";
    public static final String PASSWORD = "Security.Certificate.Password";
    public static final String KEY_PATH = "Security.Certificate.Key.Path";
    public static final String CA_PATH = "Security.Certificate.Ca.Path";

    /** What the files hold now. */
    public record Loaded(IssuedCertificate node, List<X509Certificate> trustedCas, byte[] digest) {
    }

    /** A digest of every file's bytes: changes when any is replaced, however (rename, symlink swap, rewrite). */
    public byte[] digest() throws IOException {
        MessageDigest sha = sha256();
        for (Path file : files()) {
            sha.update(Files.readAllBytes(file));
        }
        return sha.digest();
    }

    /** Reads and checks the files: a clear message for each way they can be wrong. */
    public Loaded load() throws IOException {
        byte[] digest = digest();
        IssuedCertificate node = readNode();
        List<X509Certificate> cas = ca.isPresent() ? readCas(ca.get()) : rootOf(node);
        for (X509Certificate root : cas) {
            if (root.getBasicConstraints() < 0) {
                throw new IllegalArgumentException(CA_PATH + " " + ca.map(Path::toString).orElse("(the node chain)")
                        + " holds " + root.getSubjectX500Principal() + ", which is not a certificate authority");
            }
        }
        if (!NodeTrust.chainsTo(node.chain(), cas)) {
            throw new IllegalArgumentException("The node certificate " + node.certificate().getSubjectX500Principal()
                    + " (" + certificate + ") is not a node certificate of the cluster CA (" + describe(cas) + "): "
                    + "it must be signed by it, valid now, and for server and client use");
        }
        requireMatchingKey(node);
        return new Loaded(node, cas, digest);
    }

    /** A key copied before its certificate (or another pair's) must not be swapped in: every handshake would fail. */
    private void requireMatchingKey(IssuedCertificate node) {
        byte[] probe = "muninn-key-check".getBytes(StandardCharsets.US_ASCII);
        String algorithm = "EC".equals(node.key().getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        try {
            java.security.Signature signer = java.security.Signature.getInstance(algorithm);
            signer.initSign(node.key());
            signer.update(probe);
            byte[] signature = signer.sign();
            java.security.Signature verifier = java.security.Signature.getInstance(algorithm);
            verifier.initVerify(node.certificate().getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (java.security.GeneralSecurityException e) {
            // reported below
        }
        throw new IllegalArgumentException("The private key in " + key.orElse(certificate) + " is not the key of the "
                + "certificate in " + certificate);
    }

    private IssuedCertificate readNode() throws IOException {
        byte[] bytes = Files.readAllBytes(certificate);
        if (!looksLikePem(bytes)) {
            return Pkcs12.read(bytes, password.orElse(""));
        }
        String pem = new String(bytes, StandardCharsets.US_ASCII);
        List<X509Certificate> chain = Pem.readCertificates(pem);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException(PATH + " " + certificate + " holds no certificate");
        }
        PrivateKey privateKey = key.isPresent() ? Pem.readPrivateKey(Files.readString(key.get())) : Pem.readPrivateKey(pem);
        if (privateKey == null) {
            throw new IllegalArgumentException("No private key in " + key.orElse(certificate) + "; set " + KEY_PATH
                    + " to the PEM file of the node certificate's key");
        }
        return new IssuedCertificate(privateKey, chain);
    }

    private static List<X509Certificate> readCas(Path file) throws IOException {
        List<X509Certificate> cas = Pem.readCertificates(Files.readString(file));
        if (cas.isEmpty()) {
            throw new IllegalArgumentException(CA_PATH + " " + file + " holds no certificate");
        }
        return cas;
    }

    private List<X509Certificate> rootOf(IssuedCertificate node) {
        X509Certificate last = node.chain().get(node.chain().size() - 1);
        if (node.chain().size() < 2 || !last.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
            throw new IllegalArgumentException("Set " + CA_PATH + " to the PEM file of the cluster's CA: the node "
                    + "certificate " + certificate + " does not carry its root");
        }
        return List.of(last);
    }

    private List<Path> files() {
        List<Path> files = new ArrayList<>();
        files.add(certificate);
        key.ifPresent(files::add);
        ca.ifPresent(files::add);
        return files;
    }

    private static boolean looksLikePem(byte[] bytes) {
        return new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.US_ASCII).contains("-----BEGIN");
    }

    static String describe(List<X509Certificate> cas) {
        return String.join(", ", cas.stream().map(c -> c.getSubjectX500Principal().getName()).toList());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
