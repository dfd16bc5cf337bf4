package dev.muninn.kubelet;

import java.time.Instant;

/** One line per event, key=value, so the kubelet's log reads like the nodes' logs. */
final class Log {
    private Log() {
    }

    static void info(String event, Object... keyValues) {
        write("INFO", event, keyValues);
    }

    static void warn(String event, Object... keyValues) {
        write("WARN", event, keyValues);
    }

    private static void write(String level, String event, Object... keyValues) {
        StringBuilder line = new StringBuilder(128)
                .append(Instant.now()).append(' ').append(level).append(" component=kubelet event=").append(event);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            line.append(' ').append(keyValues[i]).append('=');
            String value = String.valueOf(keyValues[i + 1]);
            if (value.isEmpty() || value.chars().anyMatch(c -> c == ' ' || c == '"' || c == '=')) {
                line.append('"').append(value.replace("\"", "'").replace('\n', ' ')).append('"');
            } else {
                line.append(value);
            }
        }
        System.out.println(line);
    }
}
