package dev.muninn.node.cluster;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Database names: letters, digits, '_', '-' and '.', at most 128 characters. They appear raw in URL paths
 * (the client does not encode them) and name directories, so nothing else is safe. Compared case-insensitively.
 */
public final class DatabaseNames {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    private DatabaseNames() {
    }

    public static String validate(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidDatabaseNameException("A database name is required");
        }
        if (!VALID.matcher(name).matches() || name.startsWith(".") || name.endsWith(".")) {
            throw new InvalidDatabaseNameException("Database name '" + name + "' is invalid: use 1-128 letters, "
                    + "digits, '_', '-' or '.', not starting or ending with '.'");
        }
        return name;
    }

    public static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
