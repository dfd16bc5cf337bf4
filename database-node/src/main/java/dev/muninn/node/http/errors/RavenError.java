package dev.muninn.node.http.errors;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.Json;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * A RavenDB-style error body: {@code Url}, {@code Type} (the .NET exception name the client maps to its own
 * exception class), {@code Message} and {@code Error}. Never a stack trace: those go to the log.
 */
public final class RavenError {
    private final int status;
    private final String type;
    private final String message;
    private final ObjectNode extra = Json.object();
    private String missingDatabase;
    private boolean logged;

    public RavenError(int status, String type, String message) {
        this.status = status;
        this.type = type;
        this.message = message == null ? type : message;
    }

    public RavenError with(String field, String value) {
        extra.put(field, value);
        return this;
    }

    public RavenError with(String field, long value) {
        extra.put(field, value);
        return this;
    }

    public RavenError with(String field, com.fasterxml.jackson.databind.JsonNode value) {
        extra.set(field, value);
        return this;
    }

    public RavenError with(String field, boolean value) {
        extra.put(field, value);
        return this;
    }

    /** Adds the header that makes the client throw DatabaseDoesNotExistException instead of failing over. */
    public RavenError databaseMissing(String database) {
        this.missingDatabase = database;
        return this;
    }

    /** The failure was logged where it happened (with its stack trace); the answer adds no line of its own. */
    RavenError alreadyLogged() {
        this.logged = true;
        return this;
    }

    public int status() {
        return status;
    }

    /** The body alone, for answers written outside JAX-RS. */
    public ObjectNode toJson(String url) {
        // A 404 is an ordinary answer (the client turns it into null), not a refusal worth a line.
        if (!logged && status != 404) {
            RequestOutcomeLog.refused(status, type, url, message);
        }
        ObjectNode body = Json.object();
        body.put("Url", url);
        body.put("Type", type);
        body.put("Message", message);
        body.put("Error", type + ": " + message);
        body.setAll(extra);
        return body;
    }

    public Response toResponse(String url) {
        ObjectNode body = toJson(url);
        Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body);
        if (missingDatabase != null) {
            response.header("Database-Missing", HeaderValues.safe(missingDatabase));
        }
        return response.build();
    }
}
