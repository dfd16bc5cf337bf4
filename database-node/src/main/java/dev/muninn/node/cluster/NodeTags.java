package dev.muninn.node.cluster;

import java.util.regex.Pattern;

/** Node tags are upper-case letters: A…Z, then AA…ZZ, like spreadsheet columns. */
public final class NodeTags {
    private static final Pattern VALID = Pattern.compile("[A-Z]{1,4}");

    private NodeTags() {
    }

    public static boolean isValid(String tag) {
        return tag != null && VALID.matcher(tag).matches();
    }

    public static int ordinal(String tag) {
        int value = 0;
        for (char c : tag.toCharArray()) {
            value = value * 26 + (c - 'A' + 1);
        }
        return value - 1;
    }

    public static String ofOrdinal(int ordinal) {
        StringBuilder tag = new StringBuilder();
        int n = ordinal + 1;
        while (n > 0) {
            int rem = (n - 1) % 26;
            tag.insert(0, (char) ('A' + rem));
            n = (n - 1) / 26;
        }
        return tag.toString();
    }
}
