package dev.muninn.node.http;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * RavenDB's id filters for a prefix scan: {@code matches} and {@code exclude} are wildcard patterns separated by
 * {@code |} ({@code *} any run of characters, {@code ?} one), tested case-insensitively against the part of the id
 * after {@code startsWith}. An empty {@code matches} lets every id through.
 */
final class IdPattern {
    private final int prefixLength;
    private final List<Pattern> matches;
    private final List<Pattern> excludes;

    IdPattern(String startsWith, String matches, String exclude) {
        this.prefixLength = startsWith == null ? 0 : startsWith.length();
        this.matches = compile(matches);
        this.excludes = compile(exclude);
    }

    boolean matches(String id) {
        String rest = id.length() >= prefixLength ? id.substring(prefixLength) : "";
        if (!matches.isEmpty() && matches.stream().noneMatch(p -> p.matcher(rest).matches())) {
            return false;
        }
        return excludes.stream().noneMatch(p -> p.matcher(rest).matches());
    }

    private static List<Pattern> compile(String patterns) {
        List<Pattern> compiled = new ArrayList<>();
        if (patterns == null || patterns.isEmpty()) {
            return compiled;
        }
        for (String pattern : patterns.split("\\|")) {
            if (pattern.isEmpty()) {
                continue;
            }
            StringBuilder regex = new StringBuilder();
            for (char c : pattern.toCharArray()) {
                switch (c) {
                    case '*' -> regex.append(".*");
                    case '?' -> regex.append('.');
                    default -> regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            compiled.add(Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE
                    | Pattern.DOTALL));
        }
        return compiled;
    }

    @Override
    public String toString() {
        return matches + " minus " + excludes;
    }
}
