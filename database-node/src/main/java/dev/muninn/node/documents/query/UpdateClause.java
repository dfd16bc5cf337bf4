package dev.muninn.node.documents.query;

import java.util.Locale;
import java.util.Optional;

/**
 * The {@code update { ... }} clause that ends a patch-by-query ({@code from Users where Age > 30 update { this.Age++
 * }}). Its body is JavaScript, which the RQL lexer does not read, so the clause is cut from the query text first:
 * the query is what comes before {@code update}, the script what lies between the brace after it and the brace
 * that ends the text.
 */
public record UpdateClause(String query, String script) {
    /** The query and its script; empty when {@code rql} has no update clause (outside its strings). */
    public static Optional<UpdateClause> split(String rql) {
        int at = findUpdateKeyword(rql);
        if (at < 0) {
            return Optional.empty();
        }
        int open = rql.indexOf('{', at);
        int close = rql.stripTrailing().length() - 1;
        if (open < 0 || !rql.substring(at + "update".length(), open).isBlank() || close <= open
                || rql.charAt(close) != '}') {
            throw new InvalidQueryException("Invalid RQL at position " + at + ": 'update' must be followed by a "
                    + "JavaScript body in braces that ends the query ('update { this.Name = $name }')");
        }
        return Optional.of(new UpdateClause(rql.substring(0, at), rql.substring(open + 1, close)));
    }

    /** Where the {@code update} keyword stands, as a word outside the query's quoted strings; -1 when nowhere. */
    private static int findUpdateKeyword(String rql) {
        char quote = 0;
        String lower = rql.toLowerCase(Locale.ROOT);
        for (int i = 0; i < rql.length(); i++) {
            char c = rql.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (lower.startsWith("update", i) && (i == 0 || !isWordChar(rql.charAt(i - 1)))
                    && (i + 6 == rql.length() || !isWordChar(rql.charAt(i + 6)))) {
                int next = i + 6;
                while (next < rql.length() && Character.isWhitespace(rql.charAt(next))) {
                    next++;
                }
                if (next < rql.length() && rql.charAt(next) == '{') {
                    return i;
                }
            }
        }
        return -1;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '@' || c == '$';
    }

    /**
     * The script with the query's parameters bound as RavenDB binds them ({@code $name} in the body is the value of
     * parameter {@code name}), on top of {@code args}.
     */
    public String scriptWithParameters(com.fasterxml.jackson.databind.JsonNode parameters) {
        if (parameters == null || !parameters.isObject() || parameters.isEmpty()) {
            return script;
        }
        StringBuilder bound = new StringBuilder();
        parameters.fieldNames().forEachRemaining(name -> {
            if (name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                bound.append("var $").append(name).append(" = args['").append(name).append("'];\n");
            }
        });
        return bound + script;
    }
}
