package dev.muninn.node.process.fuzz;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** One request the fuzzer sends: method, path with its query, headers, and a body (null for none). */
public record FuzzCase(String method, String path, Map<String, String> headers, byte[] body) {
    private static final int SHOWN = 300;

    /** A line that replays the case by hand: a body that is not text is shown in base64. */
    public String describe() {
        return method + " " + abbreviate(uri()) + " " + headers + " " + abbreviate(bodyText());
    }

    /**
     * The path as sent: percent-encodes what a URI may not hold as such (spaces, '|', control characters, a '%' that
     * starts no escape, which {@link java.net.URI} refuses to send); keeps '%' escapes.
     */
    public String uri() {
        StringBuilder safe = new StringBuilder();
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xff;
            boolean escape = c == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2]);
            boolean allowed = c > 0x20 && c < 0x7f && "\"<>\\^`{|}".indexOf(c) < 0 && (c != '%' || escape);
            if (allowed) {
                safe.append((char) c);
            } else {
                safe.append('%').append(String.format("%02X", c));
            }
        }
        return safe.toString();
    }

    public boolean hasHeader(String name, String value) {
        return headers.entrySet().stream().anyMatch(header -> header.getKey().equalsIgnoreCase(name)
                && header.getValue().equalsIgnoreCase(value));
    }

    private static boolean isHex(byte b) {
        return Character.digit(b, 16) >= 0;
    }

    private String bodyText() {
        if (body == null) {
            return "";
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException notText) {
            return "base64:" + Base64.getEncoder().encodeToString(body);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "... (" + text.length() + " chars)";
    }
}
