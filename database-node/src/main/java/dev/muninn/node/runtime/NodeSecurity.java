package dev.muninn.node.runtime;

import java.io.IOException;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.muninn.node.concurrent.DaemonThreads;
import dev.muninn.node.config.NodeSettings;
import dev.muninn.node.security.CertificateFiles;
import dev.muninn.node.security.NodeTls;
import io.quarkus.runtime.Startup;

/**
 * Whether this node is secured (an https ServerUrl) and, if so, its TLS material. A secured node that cannot load
 * its certificate refuses to start, saying what is wrong with the files. Created before the HTTP server and the
 * Raft server, which both take their certificate from here.
 */
@Startup(1)
@ApplicationScoped
public class NodeSecurity {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(NodeSecurity.class);
    private final Optional<NodeTls> tls;

    public NodeSecurity(NodeSettings settings) {
        this.tls = settings.secured() ? Optional.of(load(settings)) : Optional.empty();
        tls.ifPresent(NodeSecurity::warmUp);
    }

    /** In the background while the node starts: its first client then gets a warm TLS handshake. */
    private static void warmUp(NodeTls tls) {
        DaemonThreads.of(() -> {
            try {
                java.time.Duration took = dev.muninn.node.security.TlsWarmup.run(tls.keyManager(), 3);
                LOG.infof("event=tls-warmed-up ms=%d", took.toMillis());
            } catch (java.security.GeneralSecurityException | RuntimeException | javax.net.ssl.SSLException e) {
                LOG.warnf("event=tls-warmup-failed reason=\"%s\"", e.getMessage()); // only the first client is slower
            }
        }, "tls-warmup").start();
    }

    private static NodeTls load(NodeSettings settings) {
        Optional<CertificateFiles> files = settings.certificateFiles();
        if (files.isEmpty()) {
            StartupRefusal.refuse(List.of(NodeSettings.SERVER_URL + " (" + settings.serverUri() + ") is https but "
                    + CertificateFiles.PATH + " is not set: give the node its certificate (PKCS#12, or PEM with "
                    + CertificateFiles.KEY_PATH + ") or use an http ServerUrl."));
            throw new IllegalStateException("refused to start");
        }
        try {
            return NodeTls.start(files.get(), settings.certificateReloadInterval());
        } catch (IOException | RuntimeException e) {
            StartupRefusal.refuse(List.of("Cannot use the node certificate: " + e.getMessage()));
            throw new IllegalStateException("refused to start", e);
        }
    }

    public boolean secured() {
        return tls.isPresent();
    }

    public Optional<NodeTls> tls() {
        return tls;
    }

    /** A client builder for calls to other nodes: over TLS with this node's certificate when secured. */
    public HttpClient.Builder peerHttpClient() {
        HttpClient.Builder builder = HttpClient.newBuilder();
        tls.ifPresent(t -> builder.sslContext(t.peerContext()));
        return builder;
    }

    @PreDestroy
    void close() {
        tls.ifPresent(NodeTls::close);
    }
}
