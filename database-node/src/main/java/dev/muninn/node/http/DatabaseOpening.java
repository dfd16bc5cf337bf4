package dev.muninn.node.http;

import java.util.function.Consumer;

import dev.muninn.node.cluster.DatabaseDoesNotExistException;
import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.documents.DatabasesLandlord;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * For the routes served on the event loop (bulk insert, changes): the database a request names, opened on a worker
 * when it is not open yet (opening reads files), or the request answered with the 503 the clients fail over on.
 * The request is paused meanwhile so that nothing it sends is lost.
 */
final class DatabaseOpening {
    private DatabaseOpening() {
    }

    static void then(Vertx vertx, DatabasesLandlord landlord, RoutingContext context, String db,
                     Consumer<DatabaseInstance> next) {
        DatabaseInstance open = landlord.openOrNull(db);
        if (open != null) {
            next.accept(open);
            return;
        }
        context.request().pause();
        vertx.executeBlocking(() -> landlord.get(db)).onComplete(opened -> {
            if (opened.succeeded()) {
                next.accept(opened.result());
            } else {
                RequestAdmission.refuse(context, 503, "Raven.Client.Exceptions.Database."
                        + (opened.cause() instanceof DatabaseDoesNotExistException ? "DatabaseDoesNotExistException"
                        : "DatabaseLoadFailureException"), opened.cause().getMessage(), true);
            }
        });
    }
}
