package dev.muninn.node.http.errors;

import java.util.Optional;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JacksonException;

import dev.muninn.node.cluster.DatabaseAlreadyExistsException;
import dev.muninn.node.cluster.DatabaseDoesNotExistException;
import dev.muninn.node.cluster.InvalidDatabaseNameException;
import dev.muninn.node.documents.CollectionMismatchException;
import dev.muninn.node.documents.ConcurrencyException;
import dev.muninn.node.documents.DatabaseUnavailableException;
import dev.muninn.node.documents.InvalidDocumentException;
import dev.muninn.node.documents.query.InvalidQueryException;
import dev.muninn.node.script.ScriptException;

/**
 * The one place exceptions become HTTP answers, with RavenDB's status codes: 409 for concurrency, 400 for bad
 * input, 503 (+ Database-Missing) for an unknown database, 503 for a database that cannot serve now (the client
 * fails over), 500 for everything else.
 */
public class RavenErrorMapper {
    private static final String CLIENT = "Raven.Client.Exceptions.";

    @ServerExceptionMapper
    public Response concurrency(ConcurrencyException e, UriInfo uri) {
        RavenError error = new RavenError(409, CLIENT + "ConcurrencyException", e.getMessage())
                .with("Id", e.id()).with("ExpectedChangeVector", e.expectedChangeVector());
        if (e.actualChangeVector() != null) {
            error.with("ActualChangeVector", e.actualChangeVector());
        }
        return error.toResponse(url(uri));
    }

    /** The client requires DocId, Message and LargestEtag on this one. */
    @ServerExceptionMapper
    public Response documentConflict(dev.muninn.node.documents.DocumentConflictException e, UriInfo uri) {
        return new RavenError(409, CLIENT + "Documents.DocumentConflictException", e.getMessage())
                .with("DocId", e.id()).with("LargestEtag", e.largestEtag()).toResponse(url(uri));
    }

    /** 400 rather than 404: the client turns a 404 into an empty result, and a batch must fail loudly. */
    @ServerExceptionMapper
    public Response documentDoesNotExist(dev.muninn.node.documents.DocumentDoesNotExistException e, UriInfo uri) {
        return new RavenError(400, CLIENT + "Documents.DocumentDoesNotExistException", e.getMessage())
                .with("DocId", e.id()).toResponse(url(uri));
    }

    /** 500, not 408: a failover status would make the client re-send the committed batch to every node. */
    @ServerExceptionMapper
    public Response replicationTimeout(dev.muninn.node.http.ReplicationTimeoutException e, UriInfo uri) {
        return new RavenError(500, CLIENT + "RavenTimeoutException", e.getMessage())
                .with("FailImmediately", true).toResponse(url(uri));
    }

    /** The client's ClusterTransactionConcurrencyException reads every violation from ConcurrencyViolations. */
    @ServerExceptionMapper
    public Response clusterTransactionConflict(dev.muninn.node.cluster.ClusterTransactionConflictException e,
                                               UriInfo uri) {
        RavenError error = new RavenError(409, CLIENT + "ClusterTransactionConcurrencyException", e.getMessage());
        if (e.violations() != null) {
            error.with("ConcurrencyViolations", e.violations());
        }
        return error.toResponse(url(uri));
    }

    @ServerExceptionMapper
    public Response alreadyExists(DatabaseAlreadyExistsException e, UriInfo uri) {
        return new RavenError(409, CLIENT + "ConcurrencyException", e.getMessage()).toResponse(url(uri));
    }

    @ServerExceptionMapper
    public Response missingDatabase(DatabaseDoesNotExistException e, UriInfo uri) {
        return new RavenError(503, CLIENT + "Database.DatabaseDoesNotExistException", e.getMessage())
                .databaseMissing(e.database()).toResponse(url(uri));
    }

    @ServerExceptionMapper
    public Response unavailable(DatabaseUnavailableException e, UriInfo uri) {
        return new RavenError(503, CLIENT + "Database.DatabaseLoadFailureException", e.getMessage())
                .toResponse(url(uri));
    }

    @ServerExceptionMapper
    public Response invalidDocument(InvalidDocumentException e, UriInfo uri) {
        return badRequest(e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response collectionMismatch(CollectionMismatchException e, UriInfo uri) {
        return new RavenError(400, CLIENT + "Documents.DocumentCollectionMismatchException", e.getMessage())
                .toResponse(url(uri));
    }

    @ServerExceptionMapper
    public Response invalidName(InvalidDatabaseNameException e, UriInfo uri) {
        return badRequest(e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return new RavenError(403, CLIENT + "Security.AuthorizationException", e.getMessage()).toResponse(url(uri));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return new RavenError(404, "Raven.Server.Documents.NotFoundException", e.getMessage()).toResponse(url(uri));
    }

    @ServerExceptionMapper
    public Response noLeader(dev.muninn.node.cluster.NoLeaderException e, UriInfo uri) {
        return new RavenError(503, CLIENT + "Cluster.NoLeaderException", e.getMessage()).toResponse(url(uri));
    }

    @ServerExceptionMapper
    public Response clusterCommand(dev.muninn.node.cluster.ClusterCommandException e, UriInfo uri) {
        return badRequest(e.getMessage(), uri);
    }

    /** 410: the client marks this node as failed for the database and tries the next member. */
    @ServerExceptionMapper
    public Response notHosted(dev.muninn.node.documents.DatabaseNotHostedException e, UriInfo uri) {
        Response response = new RavenError(410, CLIENT + "Database.DatabaseNotRelevantException", e.getMessage())
                .toResponse(url(uri));
        response.getHeaders().putSingle("Cache-Control", "must-revalidate, no-cache");
        return response;
    }

    @ServerExceptionMapper
    public Response notEnoughNodes(dev.muninn.node.cluster.NotEnoughNodesException e, UriInfo uri) {
        return badRequest(e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response invalidRequest(InvalidRequestException e, UriInfo uri) {
        return badRequest(e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response malformedJson(JacksonException e, UriInfo uri) {
        return badRequest("Malformed JSON: " + e.getOriginalMessage(), uri);
    }

    @ServerExceptionMapper
    public Response invalidQuery(InvalidQueryException e, UriInfo uri) {
        return new RavenError(400, CLIENT + "InvalidQueryException", e.getMessage()).toResponse(url(uri));
    }

    @ServerExceptionMapper
    public Response script(ScriptException e, UriInfo uri) {
        String type = e.kind() == ScriptException.Kind.SYNTAX ? "Documents.Patching.JavaScriptParseException"
                : "Documents.Patching.JavaScriptException";
        return new RavenError(400, CLIENT + type, e.getMessage()).toResponse(url(uri));
    }

    @ServerExceptionMapper
    public Response routeNotFound(NotFoundException e, UriInfo uri, jakarta.ws.rs.container.ResourceInfo resource) {
        // JAX-RS reports a query parameter it could not convert as a missing route; say which parameter it was.
        java.lang.reflect.Method method = resource == null ? null : resource.getResourceMethod();
        if (e.getCause() != null && method != null) {
            java.util.Optional<String> invalid = InvalidQueryParameter.describe(method, uri.getQueryParameters());
            if (invalid.isPresent()) {
                return badRequest(invalid.get(), uri);
            }
        }
        Optional<String> ravenRoute = uri == null ? Optional.empty() : RavenRoutes.match(uri.getRequestUri().getRawPath());
        if (ravenRoute.isPresent()) {
            return new RavenError(501, "System.NotSupportedException", "'" + ravenRoute.get() + "' is a RavenDB "
                    + "operation that Muninn does not support yet (" + url(uri) + ")").toResponse(url(uri));
        }
        return new RavenError(400, CLIENT + "Routing.RouteNotFoundException",
                "There is no handler for path: " + url(uri)).toResponse(url(uri));
    }

    @ServerExceptionMapper
    public Response methodNotAllowed(NotAllowedException e, UriInfo uri) {
        return new RavenError(400, CLIENT + "Routing.RouteNotFoundException",
                "There is no handler for this method on path: " + url(uri)).toResponse(url(uri));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 100)
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        String type = status == 413 ? CLIENT + "BadRequestException" : "System.InvalidOperationException";
        return new RavenError(status >= 500 ? status : 400, type, e.getMessage()).toResponse(url(uri));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri, io.vertx.core.http.HttpServerResponse response) {
        if (RequestOutcomeLog.isBodyTooLarge(e)) {
            RavenError error = new RavenError(413, CLIENT + "BadRequestException", "The request body is larger "
                    + "than the limit (Limits.MaxRequestBodySizeInMb), counted after decompression");
            if (response != null && response.ended()) {
                // The HTTP layer has answered 413 and closed the connection already: log, write nothing.
                error.toJson(url(uri));
                return null;
            }
            return error.toResponse(url(uri));
        }
        if (RequestOutcomeLog.isClientGone(e)) {
            RequestOutcomeLog.clientGone(e, url(uri));
            return Response.status(400).build();
        }
        RequestOutcomeLog.failed(e, url(uri));
        return new RavenError(500, "System.InvalidOperationException",
                e.getClass().getSimpleName() + ": " + e.getMessage()).alreadyLogged().toResponse(url(uri));
    }

    private static Response badRequest(String message, UriInfo uri) {
        return new RavenError(400, CLIENT + "BadRequestException", message).toResponse(url(uri));
    }

    static String url(UriInfo uri) {
        return uri == null ? "" : uri.getRequestUri().getRawPath()
                + (uri.getRequestUri().getRawQuery() == null ? "" : "?" + uri.getRequestUri().getRawQuery());
    }
}
