package dev.muninn.node.documents;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Time as RavenDB writes it: 100 ns ticks, rendered with exactly seven fractional digits and a Z
 * ({@code 2026-11-24T07:00:35.8110000Z}); the Java client rejects more than seven digits.
 */
public final class Ticks {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private Ticks() {
    }

    public static long now() {
        return of(Instant.now());
    }

    public static long of(Instant instant) {
        return instant.getEpochSecond() * 10_000_000L + instant.getNano() / 100;
    }

    public static Instant toInstant(long ticks) {
        return Instant.ofEpochSecond(Math.floorDiv(ticks, 10_000_000L), Math.floorMod(ticks, 10_000_000L) * 100L);
    }

    public static String format(long ticks) {
        Instant instant = toInstant(ticks);
        StringBuilder text = new StringBuilder(28).append(SECONDS.format(instant)).append('.');
        String fraction = Long.toString(instant.getNano() / 100);
        text.append("0".repeat(7 - fraction.length())).append(fraction).append('Z');
        return text.toString();
    }

    /** Parses the client's dates (up to 7 fractional digits, Z or an offset); null when absent or invalid. */
    public static Long parseOrNull(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return of(java.time.OffsetDateTime.parse(text).toInstant());
        } catch (java.time.format.DateTimeParseException e) {
            try {
                return of(java.time.LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
            } catch (java.time.format.DateTimeParseException ignored) {
                return null;
            }
        }
    }
}
