package dev.muninn.node.http.errors;

import java.nio.charset.StandardCharsets;

/**
 * Makes text from a request safe to send back in a response header. HTTP allows only visible ASCII, space and tab
 * there, and Netty refuses to write anything else: a database name with a control character in the
 * {@code Database-Missing} header once left its request without an answer (issue 15, fuzzer finding F3).
 */
public final class HeaderValues {
    private HeaderValues() {
    }

    /** {@code text} with every byte outside visible ASCII and space percent-encoded (its UTF-8 bytes), else as is. */
    public static String safe(String text) {
        if (text.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '%')) {
            return text;
        }
        StringBuilder safe = new StringBuilder(text.length() + 16);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '%') {
                safe.append((char) c);
            } else {
                safe.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return safe.toString();
    }
}
