package dev.muninn.node.process.fuzz;

import java.util.Map;

/** One request the fuzzer sends: method, path with its query, headers, and a body (null for none). */
public record FuzzCase(String method, String path, Map<String, String> headers, byte[] body) {
    /** A line that replays the case by hand. */
    public String describe() {
        String text = body == null ? "" : new String(body, java.nio.charset.StandardCharsets.UTF_8);
        if (text.length() > 300) {
            text = text.substring(0, 300) + "... (" + body.length + " bytes)";
        }
        return method + " " + path + " " + headers + " " + text;
    }
}
