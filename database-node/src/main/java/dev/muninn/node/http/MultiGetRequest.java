package dev.muninn.node.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.Json;
import dev.muninn.node.http.errors.InvalidRequestException;

/**
 * One inner request of a multi_get, as the client's {@code GetRequest} describes it ({@code Url}, {@code Query},
 * {@code Method}, {@code Headers}, {@code Content}), checked before it is sent: it must stay inside the outer
 * request's database and must not be a multi_get itself. One that does not is refused on its own (a 400 in its
 * GetResponse, as RavenDB answers an inner request no route serves); the others still run.
 *
 * @param method  the HTTP method
 * @param uri     path and query, as sent to the listener
 * @param headers the request headers the client gave, without those that describe the connection or the body
 * @param content the body, or null
 * @param refusal why it is not sent, or null
 */
public record MultiGetRequest(String method, String uri, Map<String, String> headers, byte[] content,
                              String refusal) {
    /** More inner requests than this make the whole multi_get a 400 (the client batches far fewer). */
    public static final int MAX_REQUESTS = 1024;

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");
    /** Headers the listener's connection or the body set, never the client's: a wrong one would garble the call. */
    private static final Set<String> DROPPED_HEADERS = Set.of("host", "content-length", "transfer-encoding",
            "connection", "keep-alive", "upgrade", "te", "trailer", "expect", "content-encoding", "proxy-connection",
            MultiGetTickets.HEADER.toLowerCase(Locale.ROOT));

    /** The {@code Requests} of a multi_get body for database {@code db}; a malformed body is a 400 for all of it. */
    public static List<MultiGetRequest> parse(byte[] body, String db) {
        ObjectNode request = Bodies.object(body, "The multi_get request");
        JsonNode requests = request.get("Requests");
        if (requests == null || !requests.isArray()) {
            throw new InvalidRequestException("The multi_get request must have Requests, an array of requests");
        }
        if (requests.size() > MAX_REQUESTS) {
            throw new InvalidRequestException("A multi_get carries at most " + MAX_REQUESTS + " requests; this one has "
                    + requests.size() + ": split it");
        }
        List<MultiGetRequest> parsed = new ArrayList<>(requests.size());
        for (JsonNode one : requests) {
            parsed.add(one.isObject() ? of((ObjectNode) one, db) : refused("Each request must be a JSON object"));
        }
        return parsed;
    }

    static MultiGetRequest of(ObjectNode json, String db) {
        String url = text(json, "Url");
        if (url == null) {
            return refused("The request must have a Url (a path such as /databases/" + db + "/docs)");
        }
        String pathRefusal = pathRefusal(url, db);
        if (pathRefusal != null) {
            return refused(pathRefusal);
        }
        String query = text(json, "Query");
        query = query == null || query.isEmpty() ? "" : query.startsWith("?") ? query : "?" + query;
        if (!isPrintable(query) || query.indexOf('#') >= 0) {
            return refused("The request's Query '" + query + "' must be a URL query string (no spaces or '#')");
        }
        String method = text(json, "Method");
        method = method == null || method.isBlank() ? "GET" : method.trim().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            return refused("The request's Method '" + method + "' is not one of " + METHODS);
        }
        return new MultiGetRequest(method, url + query, headers(json.get("Headers")), content(json.get("Content")),
                null);
    }

    /**
     * Why {@code url} may not be sent, or null. The listener resolves dot segments and encoded slashes, so any of
     * them could lead outside the database: such a path is refused, not normalized.
     */
    static String pathRefusal(String url, String db) {
        String prefix = "/databases/" + db + "/";
        if (!url.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return "A request inside a multi_get must stay in its database: its Url must start with " + prefix
                    + ", not be '" + url + "'";
        }
        String route = url.substring(prefix.length());
        String lower = route.toLowerCase(Locale.ROOT);
        if (route.isEmpty() || !isPrintable(route) || route.contains("\\") || route.contains("?")
                || route.contains("#") || route.contains(";") || lower.contains("%2e") || lower.contains("%2f")
                || lower.contains("%5c")) {
            return "The request's Url '" + url + "' must be a plain path inside /databases/" + db + "/";
        }
        for (String segment : route.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return "The request's Url '" + url + "' must be a plain path inside /databases/" + db + "/";
            }
        }
        if (lower.equals("multi_get") || lower.startsWith("multi_get/")) {
            return "A multi_get cannot contain a multi_get: send its requests in the outer one";
        }
        return null;
    }

    private static Map<String, String> headers(JsonNode json) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (json == null || !json.isObject()) {
            return headers;
        }
        json.fields().forEachRemaining(field -> {
            String name = field.getKey();
            JsonNode value = field.getValue();
            // Blank values are skipped as RavenDB does: the client sends If-None-Match: null when it has no copy.
            if (value.isValueNode() && !value.isNull() && !value.asText().isBlank() && isToken(name)
                    && isHeaderValue(value.asText()) && !DROPPED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                headers.put(name, value.asText());
            }
        });
        return headers;
    }

    /** The body: JSON as given, or the text of a string (RavenDB's older clients send content as a string). */
    private static byte[] content(JsonNode json) {
        if (json == null || json.isNull() || json.isMissingNode()) {
            return null;
        }
        return json.isTextual() ? json.asText().getBytes(StandardCharsets.UTF_8) : Json.bytes(json);
    }

    private static MultiGetRequest refused(String why) {
        return new MultiGetRequest(null, null, Map.of(), null, why);
    }

    private static String text(ObjectNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() || !value.isTextual() ? null : value.asText();
    }

    private static boolean isPrintable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** No line breaks or other control characters: a header value cannot end the header early. */
    private static boolean isHeaderValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < ' ' && c != '\t' || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
