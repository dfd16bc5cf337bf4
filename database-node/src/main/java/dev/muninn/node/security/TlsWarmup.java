package dev.muninn.node.security;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A node's first TLS handshake costs over a second (JSSE classes loaded, EC code interpreted) against ~20 ms for the
 * next ones: long enough, on a busy machine, for the first health probe to time out and a pod to become ready
 * seconds later. So a secured node shakes hands with itself in memory while it starts — its own key manager on both
 * sides, client authentication requested as the HTTP server does — and its first client pays the warm price.
 */
public final class TlsWarmup {
    static final X509TrustManager TRUST_ANY = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // the warm-up's own certificate on both sides: nothing to decide
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // as above
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };

    private TlsWarmup() {
    }

    /** {@code rounds} full in-memory handshakes with {@code keys} on both ends; the time they took. */
    public static Duration run(KeyManager keys, int rounds) throws GeneralSecurityException, SSLException {
        long started = System.nanoTime();
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {keys}, new TrustManager[] {TRUST_ANY}, null);
        for (int i = 0; i < rounds; i++) {
            SSLEngine server = context.createSSLEngine();
            server.setUseClientMode(false);
            server.setWantClientAuth(true);
            SSLEngine client = context.createSSLEngine("warmup", 443);
            client.setUseClientMode(true);
            handshake(client, server);
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** Drives both engines until neither has handshake work left, passing bytes through buffers. */
    static void handshake(SSLEngine client, SSLEngine server) throws SSLException {
        int size = Math.max(client.getSession().getPacketBufferSize(), server.getSession().getPacketBufferSize());
        int application = Math.max(client.getSession().getApplicationBufferSize(),
                server.getSession().getApplicationBufferSize());
        ByteBuffer toServer = ByteBuffer.allocate(size * 4);
        ByteBuffer toClient = ByteBuffer.allocate(size * 4);
        ByteBuffer empty = ByteBuffer.allocate(0);
        ByteBuffer sink = ByteBuffer.allocate(application * 2);
        client.beginHandshake();
        server.beginHandshake();
        for (int step = 0; step < 1000; step++) {
            boolean progress = step(client, toServer, toClient, empty, sink)
                    | step(server, toClient, toServer, empty, sink);
            if (done(client) && done(server)) {
                return;
            }
            if (!progress) {
                throw new SSLException("the warm-up handshake made no progress");
            }
        }
        throw new SSLException("the warm-up handshake did not finish");
    }

    private static boolean done(SSLEngine engine) {
        SSLEngineResult.HandshakeStatus status = engine.getHandshakeStatus();
        return status == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING
                || status == SSLEngineResult.HandshakeStatus.FINISHED;
    }

    /** One move of {@code engine}: run its tasks, write what it has to say, read what it was sent. */
    private static boolean step(SSLEngine engine, ByteBuffer outgoing, ByteBuffer incoming, ByteBuffer empty,
                                ByteBuffer sink) throws SSLException {
        boolean progress = false;
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
            progress = true;
        }
        if (engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
            SSLEngineResult result = engine.wrap(empty, outgoing);
            progress |= result.bytesProduced() > 0 || result.getHandshakeStatus()
                    != SSLEngineResult.HandshakeStatus.NEED_WRAP;
        }
        incoming.flip();
        if (incoming.hasRemaining() && engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_UNWRAP) {
            sink.clear();
            SSLEngineResult result = engine.unwrap(incoming, sink);
            progress |= result.bytesConsumed() > 0;
        }
        incoming.compact();
        return progress;
    }
}
