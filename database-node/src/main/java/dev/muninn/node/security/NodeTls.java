package dev.muninn.node.security;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

import org.jboss.logging.Logger;

import dev.muninn.node.concurrent.DaemonThreads;
import dev.muninn.pki.IssuedCertificate;

/**
 * A secured node's TLS material: its certificate (served on HTTPS and Raft, presented to peers) and the cluster's
 * CA (trusted for peers). The files are read again every few seconds; a replaced certificate or CA is used from the
 * next handshake on, without a restart. A replacement that does not load (half written, wrong key, another CA) is
 * refused with a log line and the current one kept.
 */
public final class NodeTls implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NodeTls.class);

    private final CertificateFiles files;
    private final ReloadingKeyManager keyManager;
    private final NodeTrust trust;
    private final SSLContext peerContext;
    private final ScheduledExecutorService reloader;
    private volatile byte[] loadedDigest;
    private volatile String rejectedBecause;

    private NodeTls(CertificateFiles files, CertificateFiles.Loaded loaded, Duration reloadInterval) {
        this.files = files;
        this.keyManager = new ReloadingKeyManager(loaded.node());
        this.trust = new NodeTrust(loaded.trustedCas());
        this.loadedDigest = loaded.digest();
        try {
            this.peerContext = SSLContext.getInstance("TLS");
            peerContext.init(new KeyManager[] {keyManager}, new TrustManager[] {trust}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is part of every JDK", e);
        }
        this.reloader = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("certificate-reloader"));
        long millis = Math.max(100, reloadInterval.toMillis());
        reloader.scheduleWithFixedDelay(this::reloadIfChanged, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Loads the files, or throws with what is wrong with them. */
    public static NodeTls start(CertificateFiles files, Duration reloadInterval) throws IOException {
        CertificateFiles.Loaded loaded = files.load();
        NodeTls tls = new NodeTls(files, loaded, reloadInterval);
        LOG.infof("event=certificate-loaded thumbprint=%s subject=\"%s\" notAfter=%s ca=\"%s\"",
                loaded.node().thumbprint(), loaded.node().certificate().getSubjectX500Principal().getName(),
                loaded.node().certificate().getNotAfter().toInstant(), CertificateFiles.describe(loaded.trustedCas()));
        return tls;
    }

    void reloadIfChanged() {
        try {
            byte[] digest = files.digest();
            if (java.util.Arrays.equals(digest, loadedDigest)) {
                rejectedBecause = null; // back to what is loaded: a new problem is worth a line again
                return;
            }
            CertificateFiles.Loaded loaded = files.load();
            String before = keyManager.current().thumbprint();
            trust.use(loaded.trustedCas());
            keyManager.use(loaded.node());
            forgetClientSessions(peerContext);
            loadedDigest = loaded.digest();
            rejectedBecause = null;
            LOG.infof("event=certificate-reloaded thumbprint=%s was=%s notAfter=%s", loaded.node().thumbprint(),
                    before, loaded.node().certificate().getNotAfter().toInstant());
        } catch (IOException | RuntimeException e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            if (!reason.equals(rejectedBecause)) { // once per distinct problem, not every few seconds
                LOG.warnf("event=certificate-reload-refused reason=\"%s\" kept=%s", reason,
                        keyManager.current().thumbprint());
                rejectedBecause = reason;
            }
        }
    }

    /**
     * A resumed TLS session keeps the client certificate of the handshake that made it: without this, calls to peers
     * would go on presenting the old certificate — refused once its CA is no longer trusted (a CA rotation's end).
     */
    static void forgetClientSessions(SSLContext context) {
        javax.net.ssl.SSLSessionContext sessions = context.getClientSessionContext();
        java.util.List<byte[]> ids = java.util.Collections.list(sessions.getIds());
        for (byte[] id : ids) {
            javax.net.ssl.SSLSession session = sessions.getSession(id);
            if (session != null) {
                session.invalidate();
            }
        }
    }

    public IssuedCertificate certificate() {
        return keyManager.current();
    }

    public ReloadingKeyManager keyManager() {
        return keyManager;
    }

    public NodeTrust trust() {
        return trust;
    }

    /** For calls to other nodes: presents this node's certificate, trusts the cluster's CA. */
    public SSLContext peerContext() {
        return peerContext;
    }

    @Override
    public void close() {
        reloader.shutdownNow();
    }
}
