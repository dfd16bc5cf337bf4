package dev.muninn.node.security;

import java.security.cert.X509Certificate;

import javax.net.ssl.X509TrustManager;

/**
 * The HTTPS port accepts whatever client certificate is offered, as RavenDB does: who the client is, and what it may
 * do, is decided per request against the certificates registered in the cluster ({@code http.RequestAuthentication}), so an
 * unknown certificate gets a clear 403 naming it rather than a failed handshake. The certificate is still proven:
 * TLS checks the client holds its private key.
 */
public final class AnyClientCertificate implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // decided per request
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
        throw new UnsupportedOperationException("Used by the HTTPS server only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
