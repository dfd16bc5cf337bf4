package dev.muninn.node.documents;

import java.time.Duration;

/** .NET TimeSpan text as the client writes it: {@code hh:mm:ss[.fffffff]} or {@code d.hh:mm:ss[.fffffff]}. */
public final class TimeSpans {
    private TimeSpans() {
    }

    /** @throws IllegalArgumentException for anything else */
    public static Duration parse(String text) {
        try {
            String value = text.trim();
            boolean negative = value.startsWith("-");
            if (negative) {
                value = value.substring(1);
            }
            long days = 0;
            int colon = value.indexOf(':');
            int dot = value.indexOf('.');
            if (dot >= 0 && dot < colon) {
                days = Long.parseLong(value.substring(0, dot));
                value = value.substring(dot + 1);
            }
            String[] parts = value.split(":");
            if (parts.length != 3) {
                throw new NumberFormatException(text);
            }
            String[] seconds = parts[2].split("\\.");
            long nanos = 0;
            if (seconds.length == 2) {
                String fraction = (seconds[1] + "000000000").substring(0, 9);
                nanos = Long.parseLong(fraction);
            }
            Duration duration = Duration.ofDays(days).plusHours(Long.parseLong(parts[0]))
                    .plusMinutes(Long.parseLong(parts[1])).plusSeconds(Long.parseLong(seconds[0])).plusNanos(nanos);
            return negative ? duration.negated() : duration;
        } catch (NumberFormatException | IndexOutOfBoundsException | ArithmeticException e) {
            throw new IllegalArgumentException("Invalid TimeSpan '" + text + "': expected hh:mm:ss[.fffffff]");
        }
    }
}
