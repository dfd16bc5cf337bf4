package dev.muninn.node.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.muninn.node.http.errors.RavenError;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
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

    /** How often holds no handler gave back are looked for. */
    private static final long SWEEP_MS = 1000;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final Set<Hold> holds = ConcurrentHashMap.newKeySet();
    /** Bytes of the bodies of requests being served: one request is bounded by its limit, all of them by this. */
    private final AtomicLong bodiesInFlight = new AtomicLong();
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
        vertx.setPeriodic(SWEEP_MS, id -> sweep());
    }

    /**
     * Gives back the hold of every request whose answer is written or whose connection is gone. The end handler does
     * that at once in the ordinary case; this catches the answers no handler reports: one whose write failed, or one
     * whose connection closed while the REST layer had replaced the close handler the end handler relies on (the
     * fuzzer's finding F3 leaked a slot per request that way, forever).
     */
    void sweep() {
        for (Hold hold : holds) {
            if (hold.context.response().ended() || hold.context.response().closed()) {
                hold.release();
            }
        }
    }

    /** One admitted request's share of the node: its slot and the bytes of its body, given back exactly once. */
    private final class Hold {
        private final RoutingContext context;
        // Guarded by this: the event loop takes, the end handler or the sweep releases.
        private boolean released;
        private long bodyBytes;

        Hold(RoutingContext context) {
            this.context = context;
        }

        /** Counts {@code bytes} more of body against the node's budget; false (nothing counted) over it or once done. */
        synchronized boolean take(int bytes) {
            if (released) {
                return false;
            }
            if (bodiesInFlight.addAndGet(bytes) > maxBodiesInFlightBytes) {
                bodiesInFlight.addAndGet(-bytes);
                return false;
            }
            bodyBytes += bytes;
            return true;
        }

        synchronized void release() {
            if (!released) {
                released = true;
                holds.remove(this);
                inFlight.decrementAndGet();
                bodiesInFlight.addAndGet(-bodyBytes);
            }
        }
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
        Hold hold = new Hold(context);
        holds.add(hold);
        context.addEndHandler(done -> hold.release());
        boolean withBody = hasBody(context);
        String contentType = context.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType == null || contentType.isBlank() && !withBody) {
            HttpMethod method = context.request().method();
            if (withBody || method != HttpMethod.GET && method != HttpMethod.HEAD) {
                // A body without a type is octet-stream (RFC 9110 8.3), and so is an empty one: the REST layer must
                // know a type to choose between a route's methods (JSON or multipart), and fails with a 500 without.
                context.request().headers().set(HttpHeaders.CONTENT_TYPE, "application/octet-stream");
            } else if (contentType != null) {
                context.request().headers().remove(HttpHeaders.CONTENT_TYPE); // the type of nothing
            }
        } else if (!isMediaType(contentType)) {
            // The REST layer parses it to choose between a route's methods, and would fail with a 500 (finding F4).
            refuse(context, 400, "Raven.Client.Exceptions.BadRequestException", "The request's Content-Type '"
                    + contentType + "' is not a media type (type/subtype, e.g. application/json)", withBody);
            return;
        }
        if (!withBody || context.request().isEnded()) {
            context.next();
            return;
        }
        if (BulkInsertRoute.isBulkInsert(context.request().path())) {
            // A bulk insert's body is a stream of many batches, read (and bounded) by its route as it arrives;
            // paused until that route is ready for it.
            context.request().pause();
            context.next();
            return;
        }
        if (context.request().version() == HttpVersion.HTTP_2) {
            if (!BodyDecoding.isIdentity(context.request().getHeader(HttpHeaders.CONTENT_ENCODING))) {
                // Only bodies read here are decoded (the codec's decoding is off: it cannot answer a bad body).
                refuse(context, 415, "Raven.Client.Exceptions.BadRequestException", "The node reads compressed request "
                        + "bodies over HTTP/1.1 only; send this one uncompressed or over HTTP/1.1", true);
                return;
            }
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
        readBody(context, hold);
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
    private void readBody(RoutingContext context, Hold hold) {
        HttpServerRequest request = context.request();
        java.util.Optional<BodyDecoding> known = BodyDecoding.of(request.getHeader(HttpHeaders.CONTENT_ENCODING));
        if (known.isEmpty()) {
            refuse(context, 415, "Raven.Client.Exceptions.BadRequestException", "The request body's Content-Encoding '"
                    + request.getHeader(HttpHeaders.CONTENT_ENCODING) + "' is not one the node reads: send "
                    + BodyDecoding.supported(), true);
            return;
        }
        BodyDecoding decoding = known.get();
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        long timer = vertx.setTimer(bodyTimeoutMs, id -> {
            if (!refused[0] && !context.response().ended()) {
                refused[0] = true;
                decoding.close();
                refuse(context, 408, "Raven.Client.Exceptions.BadRequestException", bodyTimeoutMessage(), true);
            }
        });
        // Gives up on the body: later chunks are dropped and the client gets this answer, the connection closed.
        java.util.function.BiConsumer<Integer, String> giveUp = (status, message) -> {
            refused[0] = true;
            vertx.cancelTimer(timer);
            decoding.close();
            refuse(context, status, status == 503 ? "Raven.Client.Exceptions.Server.ServerLoadFailureException"
                    : "Raven.Client.Exceptions.BadRequestException", message, true);
        };
        java.util.function.Predicate<Buffer> append = decoded -> {
            // The decoded bytes stay counted against the node's budget until the request is done.
            if (!hold.take(decoded.length())) {
                giveUp.accept(503, "The node holds " + (maxBodiesInFlightBytes >> 20) + " MB of request bodies being "
                        + "served (Limits.MaxRequestBodiesInFlightInMb); try again or another node");
                return false;
            }
            if ((long) body.length() + decoded.length() > maxBodyBytes) {
                giveUp.accept(413, "The request body is larger than the limit of " + (maxBodyBytes >> 20) + " MB "
                        + "(Limits.MaxRequestBodySizeInMb), counted after decompression");
                return false;
            }
            body.appendBuffer(decoded);
            return true;
        };
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            try {
                append.test(decoding.decode(chunk));
            } catch (BodyDecoding.UndecodableBodyException notEncoded) {
                giveUp.accept(400, notEncoded.getMessage());
            }
        });
        request.exceptionHandler(failure -> {
            vertx.cancelTimer(timer);
            decoding.close();
        });
        request.endHandler(end -> {
            vertx.cancelTimer(timer);
            if (refused[0] || context.response().ended()) {
                return;
            }
            try {
                if (!append.test(decoding.finish())) {
                    return;
                }
            } catch (BodyDecoding.UndecodableBodyException notEncoded) {
                giveUp.accept(400, notEncoded.getMessage());
                return;
            }
            context.setBody(body);
            context.next();
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

    /** Whether the REST layer can parse {@code value} as a media type (it cannot parse an empty one). */
    static boolean isMediaType(String value) {
        if (value.isBlank()) {
            return false;
        }
        try {
            jakarta.ws.rs.core.MediaType.valueOf(value);
            return true;
        } catch (IllegalArgumentException notOne) {
            return false;
        }
    }

    static void refuse(RoutingContext context, int status, String type, String message, boolean close) {
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
