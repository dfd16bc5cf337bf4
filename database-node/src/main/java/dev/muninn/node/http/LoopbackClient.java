package dev.muninn.node.http;

import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.muninn.node.runtime.NodeSecurity;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.TrustOptions;

/**
 * Sends a multi_get's inner requests to this node's own HTTP listener, so that each one goes through everything an
 * ordinary request does (admission, authentication, access checks, every route, the error mapping) and any route
 * works inside a multi_get without a second implementation of it. Asynchronous: nothing waits on a thread.
 */
@ApplicationScoped
public class LoopbackClient {
    /**
     * Connections kept to the listener. A multi_get sends one inner request at a time, so this bounds how many inner
     * requests the whole node runs at once; the others wait in the client's queue, which holds no thread.
     */
    static final int MAX_CONNECTIONS = 32;
    /** As the listener's own idle timeout (quarkus.http.idle-timeout): a route that long silent has failed. */
    private static final long IDLE_TIMEOUT_MS = 5 * 60 * 1000;

    private final Vertx vertx;
    private final NodeSecurity security;
    private volatile HttpClient client;

    public LoopbackClient(Vertx vertx, NodeSecurity security) {
        this.vertx = vertx;
        this.security = security;
    }

    /** What the listener answered to one inner request. */
    public record Answer(int status, MultiMap headers, Buffer body) {
    }

    /**
     * Sends {@code request} to the listener at {@code listener} (the address the outer request arrived on, so the
     * node reaches itself however it is bound), carrying {@code ticket}. Only from an event loop: the callbacks that
     * read the answer run on the caller's context, and one on a worker thread could start reading a body the event loop
     * had already delivered to nobody (seen: a 200 with an empty body).
     */
    public Future<Answer> send(SocketAddress listener, MultiGetRequest request, String ticket) {
        if (!io.vertx.core.Context.isOnEventLoopThread()) {
            throw new IllegalStateException("Inner requests of a multi_get are sent from an event loop");
        }
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(request.method()))
                .setHost(listener.hostAddress()).setPort(listener.port()).setURI(request.uri())
                .setIdleTimeout(IDLE_TIMEOUT_MS).setFollowRedirects(false);
        return client().request(options).compose(outgoing -> {
            for (Map.Entry<String, String> header : request.headers().entrySet()) {
                outgoing.putHeader(header.getKey(), header.getValue());
            }
            outgoing.putHeader(MultiGetTickets.HEADER, ticket);
            if (request.content() == null) {
                return outgoing.send();
            }
            if (!outgoing.headers().contains(HttpHeaders.CONTENT_TYPE)) {
                outgoing.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
            }
            return outgoing.send(Buffer.buffer(request.content()));
        }).compose(response -> response.body().map(body -> new Answer(response.statusCode(), response.headers(),
                body)));
    }

    private HttpClient client() {
        HttpClient current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    client = create();
                }
                current = client;
            }
        }
        return current;
    }

    private HttpClient create() {
        HttpClientOptions options = new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_1_1)
                .setKeepAlive(true).setDecompressionSupported(false);
        security.tls().ifPresent(tls -> options.setSsl(true)
                // Only a certificate of the cluster's CA is trusted, as for calls to other nodes. The host is not
                // checked: the listener is reached at an IP address its certificate need not name.
                .setTrustOptions(TrustOptions.wrap(tls.trust())).setVerifyHost(false));
        return vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS));
    }

    @PreDestroy
    void close() {
        HttpClient current = client;
        if (current != null) {
            current.close();
        }
    }
}
