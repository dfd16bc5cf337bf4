package dev.muninn.node.security;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trust between the nodes of a cluster: a peer (a Raft connection, a replication or supervisor call, either side)
 * is accepted when its certificate is a node certificate — signed by the cluster's CA, valid now, and for server use
 * (node certificates carry server and client use; the client certificates the CA signs for users and the operator
 * carry client use only, so they can neither join Raft nor pose as a node). Names are not checked: a node's
 * advertised address may be one its certificate does not name (a pod IP), and the CA must be the cluster's own — a
 * public CA would make every certificate it signed for server use a node. A replaced CA file is used from the next
 * handshake on.
 */
public final class NodeTrust extends X509ExtendedTrustManager {
    static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

    private volatile List<X509Certificate> cas;
    /** Whether a certificate (by thumbprint) is a node's, for the current CAs: asked on every secured request. */
    private final java.util.concurrent.ConcurrentHashMap<String, Boolean> nodeCertificates =
            new java.util.concurrent.ConcurrentHashMap<>();

    public NodeTrust(List<X509Certificate> cas) {
        this.cas = List.copyOf(cas);
    }

    public void use(List<X509Certificate> newCas) {
        this.cas = List.copyOf(newCas);
        nodeCertificates.clear();
    }

    /** Whether {@code certificate} is one of this cluster's node certificates (see the class comment). */
    public boolean isNodeCertificate(X509Certificate certificate) {
        if (nodeCertificates.size() > 10_000) {
            nodeCertificates.clear(); // bounded: thumbprints are chosen by clients
        }
        return nodeCertificates.computeIfAbsent(dev.muninn.pki.Thumbprints.of(certificate), t -> {
            try {
                validate(new X509Certificate[] {certificate}, cas);
                return true;
            } catch (CertificateException e) {
                return false;
            }
        });
    }

    /** Whether {@code chain} (leaf first) is a node certificate signed by one of {@code cas}, valid now. */
    public static boolean chainsTo(List<X509Certificate> chain, List<X509Certificate> cas) {
        try {
            validate(chain.toArray(new X509Certificate[0]), cas);
            return true;
        } catch (CertificateException e) {
            return false;
        }
    }

    /** Whether {@code certificate} was signed by one of {@code cas} (whatever its use) and is valid now. */
    public boolean signedByClusterCa(X509Certificate certificate) {
        try {
            validatePath(new X509Certificate[] {certificate}, cas);
            return true;
        } catch (CertificateException e) {
            return false;
        }
    }

    private static void validate(X509Certificate[] chain, List<X509Certificate> cas) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("The peer presented no certificate");
        }
        validatePath(chain, cas);
        List<String> usages = chain[0].getExtendedKeyUsage();
        if (usages == null || !usages.contains(SERVER_AUTH)) {
            throw new CertificateException("Certificate " + chain[0].getSubjectX500Principal() + " is not a node "
                    + "certificate (no server authentication use)");
        }
    }

    private static void validatePath(X509Certificate[] chain, List<X509Certificate> cas) throws CertificateException {
        Set<TrustAnchor> anchors = new HashSet<>();
        cas.forEach(ca -> anchors.add(new TrustAnchor(ca, null)));
        // The anchors themselves are not part of the path PKIX validates.
        List<X509Certificate> path = new ArrayList<>(Arrays.asList(chain));
        path.removeIf(cas::contains);
        if (path.isEmpty()) {
            throw new CertificateException("The peer presented the CA certificate itself");
        }
        try {
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
        } catch (GeneralSecurityException e) {
            throw new CertificateException("Certificate " + chain[0].getSubjectX500Principal()
                    + " is not a valid certificate of this cluster (CA " + CertificateFiles.describe(cas) + "): "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        validate(chain, cas);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        validate(chain, cas);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        validate(chain, cas);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        validate(chain, cas);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        validate(chain, cas);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        validate(chain, cas);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return cas.toArray(new X509Certificate[0]);
    }
}
