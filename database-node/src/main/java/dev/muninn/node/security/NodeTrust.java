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
 * is accepted when its certificate chains to the cluster's CA and is valid now. Names are not checked: the CA is the
 * cluster's own and signs nothing but its nodes and clients, and a node's advertised address may be one its
 * certificate does not name (a pod IP). A replaced CA file is used from the next handshake on.
 */
public final class NodeTrust extends X509ExtendedTrustManager {
    private volatile List<X509Certificate> cas;

    public NodeTrust(List<X509Certificate> cas) {
        this.cas = List.copyOf(cas);
    }

    public void use(List<X509Certificate> newCas) {
        this.cas = List.copyOf(newCas);
    }

    public List<X509Certificate> cas() {
        return cas;
    }

    /** Whether {@code chain} (leaf first) is signed by one of {@code cas} and valid now. */
    public static boolean chainsTo(List<X509Certificate> chain, List<X509Certificate> cas) {
        try {
            validate(chain.toArray(new X509Certificate[0]), cas);
            return true;
        } catch (CertificateException e) {
            return false;
        }
    }

    private static void validate(X509Certificate[] chain, List<X509Certificate> cas) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("The peer presented no certificate");
        }
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
