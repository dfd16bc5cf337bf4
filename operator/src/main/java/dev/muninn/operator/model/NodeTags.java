package dev.muninn.operator.model;

/**
 * A node's Raft tag from its pod ordinal, as the nodes name themselves: spreadsheet columns (0 → A, 25 → Z,
 * 26 → AA). The operator adds each node under its ordinal's tag, so pod, volume and tag stay one identity.
 */
public final class NodeTags {
    private NodeTags() {
    }

    public static String ofOrdinal(int ordinal) {
        if (ordinal < 0) {
            throw new IllegalArgumentException("ordinal must be >= 0, got " + ordinal);
        }
        StringBuilder tag = new StringBuilder();
        int n = ordinal + 1;
        while (n > 0) {
            int rest = (n - 1) % 26;
            tag.insert(0, (char) ('A' + rest));
            n = (n - 1) / 26;
        }
        return tag.toString();
    }

    public static int ordinalOf(String tag) {
        int n = 0;
        for (char c : tag.toCharArray()) {
            if (c < 'A' || c > 'Z') {
                throw new IllegalArgumentException("Not a node tag: " + tag);
            }
            n = n * 26 + (c - 'A' + 1);
        }
        return n - 1;
    }
}
