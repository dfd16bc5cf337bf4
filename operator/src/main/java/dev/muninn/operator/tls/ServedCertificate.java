package dev.muninn.operator.tls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import dev.muninn.pki.Thumbprints;

/** The certificate a node serves now, from a TLS handshake: whether it has loaded what its Secret holds. */
public final class ServedCertificate {
    private static final int TIMEOUT_MILLIS = 5000;

    private ServedCertificate() {
    }

    /** The thumbprint of the certificate served at {@code url} (https), through {@code context}'s trust. */
    public static String thumbprint(String url, SSLContext context) throws IOException {
        URI uri = URI.create(url);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.startHandshake();
            return Thumbprints.of((X509Certificate) socket.getSession().getPeerCertificates()[0]);
        }
    }
}
