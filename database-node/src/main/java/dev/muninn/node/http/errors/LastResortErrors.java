package dev.muninn.node.http.errors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The answer to a failure no route turned into an error of its own, before Quarkus's error page (which is not a
 * RavenDB error and, outside production, carries a stack trace). Quarkus also takes every I/O failure while
 * answering for a client that hung up and stays silent, so an answer Netty refused to write (a header it will not
 * encode: fuzzer finding F3) left its client waiting for ever. Here such a request gets a 500 RavenDB error if
 * nothing was sent yet, or its connection closed if the answer cannot be sent any more: either way the client learns
 * at once, and the request ends (its admission slot is given back).
 */
@ApplicationScoped
public class LastResortErrors {
    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT - 100).failureHandler(this::answer);
    }

    void answer(RoutingContext context) {
        HttpServerResponse response = context.response();
        Throwable failure = context.failure();
        // A failure without an exception is a status some handler chose (413, 404...): Quarkus answers those.
        if (failure == null || response.closed() || RequestOutcomeLog.isClientGone(failure)) {
            context.next();
            return;
        }
        String url = context.request().uri();
        RequestOutcomeLog.failed(failure, url);
        if (response.ended() || response.headWritten()) {
            // Started or given up on (a write that failed marks the answer written): nothing more can be said.
            context.request().connection().close();
            return;
        }
        String message = "The node failed to answer: " + RequestOutcomeLog.clean(failure.getClass().getSimpleName()
                + ": " + failure.getMessage());
        String body = new RavenError(500, "Raven.Client.Exceptions.RavenException", message).alreadyLogged()
                .toJson(url).toString();
        response.headers().clear();
        response.setStatusCode(500).putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                .end(body);
    }
}
