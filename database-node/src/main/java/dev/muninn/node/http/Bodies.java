package dev.muninn.node.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.Json;
import dev.muninn.node.http.errors.InvalidRequestException;

/** Request bodies are parsed here, so malformed JSON always becomes a 400 naming the problem. */
final class Bodies {
    private Bodies() {
    }

    static ObjectNode object(InputStream body, String what) {
        JsonNode node = tree(body, what);
        if (!(node instanceof ObjectNode object)) {
            throw new InvalidRequestException(what + " must be a JSON object");
        }
        return object;
    }

    /**
     * A body the framework read whole before calling the resource (a {@code byte[]} parameter): the worker thread
     * then never blocks on the network, which an InputStream parameter makes it do for every chunk.
     */
    static ObjectNode object(byte[] body, String what) {
        return object(body == null ? null : new java.io.ByteArrayInputStream(body), what);
    }

    static JsonNode tree(InputStream body, String what) {
        if (body == null) {
            throw new InvalidRequestException(what + " is missing: the request has no body");
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new InvalidRequestException(what + " is missing: the request body is empty");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new InvalidRequestException("Malformed JSON in " + what + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
