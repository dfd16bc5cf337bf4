package dev.muninn.pki;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.function.Supplier;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A client's trust in servers whose certificate one of a set of CAs signed, valid now, whatever name they are reached
 * by: nodes are reached by pod IP, which their certificates need not name, and the CAs are the clusters' own. An
 * extended trust manager, so the JDK does not add its own host-name check. It trusts no clients.
 */
public final class SignedByTrust extends X509ExtendedTrustManager {
    private final Supplier<Collection<X509Certificate>> cas;

    /** @param cas read on every handshake: a CA added later is trusted from then on */
    public SignedByTrust(Supplier<Collection<X509Certificate>> cas) {
        this.cas = cas;
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("The server presented no certificate");
        }
        Collection<X509Certificate> known = cas.get();
        for (X509Certificate ca : known) {
            try {
                chain[0].verify(ca.getPublicKey());
                chain[0].checkValidity();
                return;
            } catch (GeneralSecurityException notThisOne) {
                // try the next CA
            }
        }
        throw new CertificateException("Certificate " + chain[0].getSubjectX500Principal() + " is not signed by a "
                + "trusted cluster CA (" + known.size() + " known)");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("A client's trust: it accepts no clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("A client's trust: it accepts no clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("A client's trust: it accepts no clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return cas.get().toArray(new X509Certificate[0]);
    }
}
