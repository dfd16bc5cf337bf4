package dev.muninn.node.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.Json;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * The body of a multi_get's answer, {@code {"Results":[{"Result":…,"StatusCode":…,"Headers":{…}}, …]}}, written
 * as each inner answer arrives so that only one of them is held at a time besides what is written. The client
 * reads exactly these three fields, and a {@code Result} that is an object or null: an inner body that is not a
 * JSON object is carried inside an error object instead of breaking the whole answer.
 */
final class MultiGetAnswer {
    /** Headers of the listener's connection, not of the inner answer. */
    private static final Set<String> CONNECTION_HEADERS = Set.of("content-length", "transfer-encoding", "connection",
            "keep-alive");
    /** The inner bodies are the node's own answers: a document nests at most Json.MAX_DEPTH deep inside a few. */
    private static final JsonFactory CHECKER = JsonFactory.builder().streamReadConstraints(StreamReadConstraints
            .builder().maxNestingDepth(Json.MAX_DEPTH + 50).maxStringLength(Integer.MAX_VALUE).build()).build();

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final JsonGenerator json;

    MultiGetAnswer() {
        try {
            json = Json.MAPPER.getFactory().createGenerator(bytes);
            json.writeStartObject();
            json.writeArrayFieldStart("Results");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds what the listener answered to the next inner request. */
    void add(LoopbackClient.Answer answer) {
        try {
            json.writeStartObject();
            json.writeFieldName("Result");
            writeResult(answer.status(), answer.body());
            json.writeNumberField("StatusCode", answer.status());
            json.writeObjectFieldStart("Headers");
            MultiMap headers = answer.headers();
            for (String name : headers.names()) {
                if (!CONNECTION_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    json.writeStringField(name, String.join(", ", headers.getAll(name)));
                }
            }
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds an inner answer the node made itself (a refused request, a failed call): a status and an error body. */
    void add(int status, ObjectNode error) {
        try {
            json.writeStartObject();
            json.writeFieldName("Result");
            json.writeTree(error);
            json.writeNumberField("StatusCode", status);
            json.writeObjectFieldStart("Headers");
            json.writeStringField("Content-Type", "application/json");
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes written so far. */
    int size() {
        flush();
        return bytes.size();
    }

    byte[] finish() {
        try {
            json.writeEndArray();
            json.writeEndObject();
            json.close();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void flush() {
        try {
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body as it came when it is one JSON object (checked, not parsed into a tree); null when empty. */
    private void writeResult(int status, Buffer body) throws IOException {
        if (body == null || body.length() == 0) {
            json.writeNull();
            return;
        }
        byte[] raw = body.getBytes();
        if (isOneObject(raw)) {
            json.writeRawValue(new String(raw, StandardCharsets.UTF_8));
            return;
        }
        String text = new String(raw, 0, Math.min(raw.length, 1000), StandardCharsets.UTF_8);
        ObjectNode wrapped = Json.object();
        wrapped.put("Type", "Raven.Client.Exceptions.RavenException");
        wrapped.put("Message", "The route answered " + status + " with a body that is not a JSON object, which a "
                + "multi_get's Result cannot carry");
        wrapped.put("Content", text);
        json.writeTree(wrapped);
    }

    private static boolean isOneObject(byte[] raw) {
        try (JsonParser parser = CHECKER.createParser(raw)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException notJson) {
            return false;
        }
    }
}
