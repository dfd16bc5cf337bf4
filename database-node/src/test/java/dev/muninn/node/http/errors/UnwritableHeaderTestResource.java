package dev.muninn.node.http.errors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import io.vertx.ext.web.Router;

/**
 * Routes, present only in tests, whose answers carry a header value Netty refuses to write (a control character):
 * the shape of fuzzer finding F3 before its header was made safe. They prove the node still answers such requests.
 */
@Path("/test/unwritable-header")
public class UnwritableHeaderTestResource {
    @GET
    public Response get() {
        return Response.ok("{}").header("X-Unwritable", "a\u0001b").build();
    }

    /** The same outside the REST layer, where no filter can clean the header. */
    @ApplicationScoped
    public static class RawRoute {
        void install(@Observes Router router) {
            router.get("/test/unwritable-header-raw").handler(context -> context.response()
                    .putHeader("X-Unwritable", "a\u0001b").end("{}"));
        }
    }
}
