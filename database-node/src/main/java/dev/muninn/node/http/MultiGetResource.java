package dev.muninn.node.http;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import dev.muninn.node.cluster.ClusterState;
import dev.muninn.node.documents.DatabasesLandlord;
import dev.muninn.node.http.errors.RavenError;
import dev.muninn.node.security.Access;
import dev.muninn.node.security.RequiredAccess;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /databases/{db}/multi_get}: the RavenDB clients' lazy operations (lazy loads, lazy queries and
 * counts, {@code executeAllPendingLazyOperations}) sent in one round trip. Each inner request is sent to this node's
 * own listener ({@link LoopbackClient}), so it is served by the same route, checks and errors as if the client had
 * sent it alone; its answer (status, headers, body) becomes one GetResponse, in order. The outer answer is a 200
 * whatever the inner ones are, as in RavenDB; only a malformed body or more than
 * {@value MultiGetRequest#MAX_REQUESTS} requests fail it as a whole.
 *
 * <p>The inner requests run one after the other, as RavenDB runs them, and without a thread waiting on them: the
 * method returns at once and the answer is written when the last inner one is in. That is also why a multi_get
 * cannot deadlock the node: each inner request takes its own admission slot ({@link RequestAdmission}), and when
 * none is left it gets the 503 any request would (in its GetResponse) instead of waiting for one, while the multi_get
 * holds one slot and no worker thread. So slots or workers held by multi_gets can never be the ones their inner
 * requests wait for; a node full of multi_gets answers some inner requests 503, which the client reports.
 */
@Path("/databases/{db}/multi_get")
@Produces(MediaType.APPLICATION_JSON)
public class MultiGetResource {
    private static final Logger LOG = Logger.getLogger(MultiGetResource.class);
    /**
     * The answer is held in memory until it is sent: once it passes this many bytes the remaining inner requests are
     * not run and each says so (a 413), so one multi_get of many large queries cannot take the heap. (The inner
     * answer that passes it is kept whole: it was already bounded by its own route.)
     */
    static final int MAX_ANSWER_BYTES = 64 * 1024 * 1024;

    @Inject
    DatabasesLandlord landlord;

    @Inject
    LoopbackClient loopback;

    @Inject
    MultiGetTickets tickets;

    @Inject
    ClusterState cluster;

    @Inject
    Vertx vertx;

    /**
     * Called on the request's event loop, and the inner requests are sent and read from it: a Vert.x client response
     * read from another thread can lose its body to the event loop (seen: a 200 with an empty body). Opening the
     * database and parsing the body, which may take a while, run on a worker in between.
     */
    @Access(RequiredAccess.DatabaseRead)
    @POST
    @NonBlocking
    public CompletionStage<Response> multiGet(@PathParam("db") String db, byte[] body,
                                              @Context RoutingContext routing) {
        return vertx.executeBlocking(() -> {
            landlord.get(db); // an unknown database fails the whole request, as any route of it would
            return MultiGetRequest.parse(body, db);
        }, false).toCompletionStage().thenCompose(requests -> {
            String ticket = tickets.issue(RequestAuthentication.identityOf(routing));
            Run run = new Run(requests, routing, ticket);
            run.next();
            return run.done.whenComplete((answer, failure) -> tickets.revoke(ticket));
        });
    }

    /** One multi_get being served: which inner request is next and the answer so far. */
    private final class Run {
        private final List<MultiGetRequest> requests;
        private final RoutingContext routing;
        private final SocketAddress listener;
        private final String ticket;
        private final MultiGetAnswer answer = new MultiGetAnswer();
        private final CompletableFuture<Response> done = new CompletableFuture<>();
        private int index;

        Run(List<MultiGetRequest> requests, RoutingContext routing, String ticket) {
            this.requests = requests;
            this.routing = routing;
            this.listener = routing.request().localAddress();
            this.ticket = ticket;
        }

        /**
         * Runs the inner requests from {@link #index} on, one at a time. Answers that are already there (a refused
         * request, a call that failed at once) are taken in this loop rather than by recursion, so a long run of
         * them does not grow the stack.
         */
        void next() {
            try {
                while (index < requests.size()) {
                    MultiGetRequest request = requests.get(index++);
                    if (routing.response().closed()) {
                        done.complete(Response.status(499).build()); // the client left: the rest is not run
                        return;
                    }
                    if (request.refusal() != null) {
                        answer.add(400, new RavenError(400, "Raven.Client.Exceptions.BadRequestException",
                                request.refusal()).toJson(routing.request().uri()));
                        continue;
                    }
                    if (answer.size() > MAX_ANSWER_BYTES) {
                        answer.add(413, new RavenError(413, "Raven.Client.Exceptions.BadRequestException",
                                "The multi_get's answer passed " + (MAX_ANSWER_BYTES >> 20) + " MB before this "
                                        + "request ran: send it in another multi_get").toJson(request.uri()));
                        continue;
                    }
                    Future<LoopbackClient.Answer> sent = loopback.send(listener, request, ticket);
                    if (sent.isComplete()) {
                        take(request, sent);
                        continue;
                    }
                    sent.onComplete(result -> {
                        take(request, result);
                        next();
                    });
                    return;
                }
                done.complete(Response.ok(answer.finish(), MediaType.APPLICATION_JSON_TYPE).build());
            } catch (RuntimeException e) {
                done.completeExceptionally(e); // the error mapper answers it
            }
        }

        private void take(MultiGetRequest request, AsyncResult<LoopbackClient.Answer> result) {
            if (result.succeeded()) {
                answer.add(result.result());
                return;
            }
            LOG.warnf("node=%s event=multi-get-inner-request-failed uri=\"%s\" reason=\"%s\"",
                    cluster.nodeTagOrUnknown(), request.uri(), result.cause().toString());
            answer.add(500, new RavenError(500, "Raven.Client.Exceptions.RavenException", "The node could not run "
                    + "this request inside the multi_get: " + result.cause().getMessage()).toJson(request.uri()));
        }
    }
}
