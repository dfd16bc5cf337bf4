package dev.muninn.node.documents.query;

/**
 * One lexical unit of an RQL string. {@code text} is already decoded: string literals without
 * quotes and escapes, parameters without the leading {@code $}, operators normalized
 * ({@code ==} becomes {@code =}, {@code <>} becomes {@code !=}).
 *
 * @param position 0-based character offset into the query, reported in error messages
 */
record Token(Kind kind, String text, int position) {

    enum Kind {
        IDENT, STRING, NUMBER, PARAM, LPAREN, RPAREN, COMMA, DOT, OP, SYMBOL, EOF
    }

    private static final int MAX_SHOWN = 40;

    /** Keywords are case-insensitive identifiers; quoted strings never count as keywords. */
    boolean isKeyword(String keyword) {
        return kind == Kind.IDENT && text.equalsIgnoreCase(keyword);
    }

    boolean is(Kind expected) {
        return kind == expected;
    }

    boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }

    /** Human-readable form for error messages, e.g. {@code 'group'} or {@code parameter $p0}. */
    String describe() {
        return switch (kind) {
            case EOF -> "end of query";
            case STRING -> "string '" + shorten(text) + "'";
            case PARAM -> "parameter $" + shorten(text);
            case NUMBER -> "number " + shorten(text);
            default -> "'" + shorten(text) + "'";
        };
    }

    private static String shorten(String value) {
        return value.length() <= MAX_SHOWN ? value : value.substring(0, MAX_SHOWN) + "...";
    }
}
