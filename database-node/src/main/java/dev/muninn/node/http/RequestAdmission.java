package dev.muninn.node.http;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.muninn.node.http.errors.RavenError;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The first handler every request meets (issue 15): it bounds how many requests the node serves at once, with a
 * 503 the RavenDB clients answer by trying another node, and how long a client may take to send its body, with a
 * 408 and the connection closed, so that a crowd of slow clients holds neither threads nor memory for long.
 * Bodies are read without a thread (every route takes its body as bytes; RESTEasy reads those on the event
 * loop), long polls wait without one, and WebSocket upgrades are not counted: they live as long as a connection.
 */
@ApplicationScoped
public class RequestAdmission {
    /** Before every other route, the node's own (ROUTE_ORDER_BEFORE_DEFAULT) included. */
    static final int ORDER = RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT - 100;

    private final AtomicInteger inFlight = new AtomicInteger();
    /** Bytes of the bodies of requests being served: one request is bounded by its limit, all of them by this. */
    private final java.util.concurrent.atomic.AtomicLong bodiesInFlight = new java.util.concurrent.atomic.AtomicLong();
    private final long maxBodiesInFlightBytes;
    private final int maxConcurrentRequests;
    private final long bodyTimeoutMs;
    private final long maxBodyBytes;
    private final Vertx vertx;

    public RequestAdmission(Vertx vertx,
                            @ConfigProperty(name = "Limits.MaxConcurrentRequests", defaultValue = "1024")
                            int maxConcurrentRequests,
                            @ConfigProperty(name = "Limits.RequestBodyTimeoutInSec", defaultValue = "60")
                            int bodyTimeoutSeconds,
                            @ConfigProperty(name = "Limits.MaxRequestBodySizeInMb", defaultValue = "64")
                            int maxBodyMegabytes,
                            @ConfigProperty(name = "Limits.MaxRequestBodiesInFlightInMb", defaultValue = "0")
                            long maxBodiesInFlightMegabytes) {
        this.vertx = vertx;
        this.maxConcurrentRequests = maxConcurrentRequests;
        this.bodyTimeoutMs = bodyTimeoutSeconds * 1000L;
        this.maxBodyBytes = maxBodyMegabytes * 1024L * 1024L;
        // A body is held twice while it is parsed (the bytes, then the tree or copy the route makes): a quarter of
        // the heap leaves the rest to everything else. At least one body at its limit always fits.
        long derived = Math.max(maxBodyBytes, Runtime.getRuntime().maxMemory() / 4);
        this.maxBodiesInFlightBytes = maxBodiesInFlightMegabytes > 0 ? maxBodiesInFlightMegabytes << 20 : derived;
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::admit);
    }

    /** Requests being served now, for tests and metrics. */
    public int inFlight() {
        return inFlight.get();
    }

    void admit(RoutingContext context) {
        if (context.request().headers().contains(HttpHeaders.UPGRADE, HttpHeaders.WEBSOCKET, true)) {
            context.next();
            return;
        }
        if (inFlight.incrementAndGet() > maxConcurrentRequests) {
            inFlight.decrementAndGet();
            refuse(context, 503, "Raven.Client.Exceptions.Server.ServerLoadFailureException",
                    "The node is serving " + maxConcurrentRequests + " requests (Limits.MaxConcurrentRequests); "
                            + "try again or another node", hasBody(context));
            return;
        }
        context.addEndHandler(done -> inFlight.decrementAndGet());
        if (!hasBody(context) || context.request().isEnded()) {
            context.next();
            return;
        }
        if (context.request().version() == HttpVersion.HTTP_2) {
            // The REST layer pauses an HTTP/2 request when it starts, which Vert.x refuses once the request has
            // ended, so it reads HTTP/2 bodies itself (on a worker); the deadline still bounds a slow sender.
            long timer = vertx.setTimer(bodyTimeoutMs, id -> {
                if (!context.request().isEnded() && !context.response().ended()) {
                    refuse(context, 408, "Raven.Client.Exceptions.BadRequestException", bodyTimeoutMessage(), true);
                }
            });
            context.addEndHandler(done -> vertx.cancelTimer(timer));
            context.next();
            return;
        }
        readBody(context);
    }

    private String bodyTimeoutMessage() {
        return "The request body did not arrive within " + bodyTimeoutMs / 1000 + " s (Limits.RequestBodyTimeoutInSec)";
    }

    /**
     * Reads the whole body of an HTTP/1.x request (the RavenDB clients' protocol) here, on the event loop, before any
     * route runs. The REST layer would otherwise read it on
     * a worker thread as it trickles in (measured: 250 slow senders held every one of the 200 workers, and every
     * other request waited, until they were cut off); given the body, it uses it. The limit is counted after
     * decompression, and a body that does not arrive in time gets a 408.
     */
    private void readBody(RoutingContext context) {
        HttpServerRequest request = context.request();
        Buffer body = Buffer.buffer();
        long timer = vertx.setTimer(bodyTimeoutMs, id -> {
            if (!context.response().ended()) {
                refuse(context, 408, "Raven.Client.Exceptions.BadRequestException", bodyTimeoutMessage(), true);
            }
        });
        boolean[] refused = {false};
        // Bytes of this body counted against the node's budget, given back when the request is done.
        long[] held = {0};
        context.addEndHandler(done -> bodiesInFlight.addAndGet(-held[0]));
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (bodiesInFlight.addAndGet(chunk.length()) > maxBodiesInFlightBytes) {
                bodiesInFlight.addAndGet(-chunk.length());
                refused[0] = true;
                vertx.cancelTimer(timer);
                refuse(context, 503, "Raven.Client.Exceptions.Server.ServerLoadFailureException", "The node holds "
                        + (maxBodiesInFlightBytes >> 20) + " MB of request bodies being served "
                        + "(Limits.MaxRequestBodiesInFlightInMb); try again or another node", true);
                return;
            }
            held[0] += chunk.length();
            if ((long) body.length() + chunk.length() > maxBodyBytes) {
                refused[0] = true;
                vertx.cancelTimer(timer);
                refuse(context, 413, "Raven.Client.Exceptions.BadRequestException", "The request body is larger than "
                        + "the limit of " + (maxBodyBytes >> 20) + " MB (Limits.MaxRequestBodySizeInMb), counted after "
                        + "decompression", true);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(failure -> vertx.cancelTimer(timer));
        request.endHandler(end -> {
            vertx.cancelTimer(timer);
            if (!refused[0] && !context.response().ended()) {
                context.setBody(body);
                context.next();
            }
        });
        request.resume();
    }

    /**
     * Whether a body follows the headers. A request without one (a GET, a long poll) may not count as ended until a
     * route reads its (empty) body, so the body timer must not watch it.
     */
    static boolean hasBody(RoutingContext context) {
        var headers = context.request().headers();
        String length = headers.get(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            return !length.trim().equals("0");
        }
        return headers.contains(HttpHeaders.TRANSFER_ENCODING) || context.request().version() == HttpVersion.HTTP_2
                && !"GET".equals(context.request().method().name()) && !"HEAD".equals(context.request().method().name());
    }

    private static void refuse(RoutingContext context, int status, String type, String message, boolean close) {
        String url = context.request().uri();
        String body = new RavenError(status, type, message).toJson(url).toString();
        var response = context.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8");
        boolean http1 = context.request().version() != HttpVersion.HTTP_2;
        if (close && http1) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        response.end(body).onComplete(written -> {
            if (close) {
                if (http1) {
                    context.request().connection().close();
                } else {
                    context.response().reset();
                }
            }
        });
    }
}
