package dev.muninn.node.http;

import jakarta.enterprise.context.ApplicationScoped;

import dev.muninn.node.runtime.NodeSecurity;
import dev.muninn.node.security.AnyClientCertificate;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.TrustOptions;

/**
 * Serves HTTPS with the node's reloading certificate and asks every client for its certificate (RavenDB's
 * authentication). Set here rather than in Quarkus' TLS registry: the key manager swaps a replaced certificate in
 * place, and any client certificate must pass the handshake to get a 403 that names it.
 */
@ApplicationScoped
public class HttpsServerCustomizer implements HttpServerOptionsCustomizer {
    private final NodeSecurity security;

    public HttpsServerCustomizer(NodeSecurity security) {
        this.security = security;
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        security.tls().ifPresent(tls -> {
            options.setSsl(true);
            options.setKeyCertOptions(KeyCertOptions.wrap(tls.keyManager()));
            options.setTrustOptions(TrustOptions.wrap(new AnyClientCertificate()));
            options.setClientAuth(ClientAuth.REQUEST);
        });
    }
}
