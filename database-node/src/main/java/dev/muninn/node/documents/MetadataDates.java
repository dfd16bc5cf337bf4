package dev.muninn.node.documents;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads a date from a stored document's metadata ({@code @expires}, {@code @refresh}) for the storage's due-date
 * indexes. Called for every document written, so a body that does not contain the name at all is answered without
 * parsing it; only a body that does is read as JSON. An absent or unparsable date is none.
 */
public final class MetadataDates {
    public static final Function<byte[], OptionalLong> EXPIRES = reader("@expires");
    public static final Function<byte[], OptionalLong> REFRESH = reader("@refresh");

    private MetadataDates() {
    }

    private static Function<byte[], OptionalLong> reader(String name) {
        byte[] quoted = ("\"" + name + "\"").getBytes(StandardCharsets.UTF_8);
        return body -> {
            if (!contains(body, quoted)) {
                return OptionalLong.empty();
            }
            try {
                JsonNode date = Json.MAPPER.readTree(body).path(Metadata.KEY).path(name);
                Long ticks = date.isTextual() ? Ticks.parseOrNull(date.asText()) : null;
                return ticks == null ? OptionalLong.empty() : OptionalLong.of(ticks);
            } catch (java.io.IOException notJson) {
                return OptionalLong.empty();
            }
        };
    }

    private static boolean contains(byte[] body, byte[] needle) {
        outer:
        for (int i = 0; i <= body.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (body[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
