package dev.muninn.node.documents.query;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits RQL text into tokens in a single left-to-right pass. Every loop advances the position,
 * so lexing is linear in the query length whatever the input. Characters RQL does not use become
 * {@link Token.Kind#SYMBOL} tokens rather than errors, so the parser can say what it expected
 * there (for example that a JavaScript {@code select { ... }} projection is unsupported).
 */
final class Lexer {
    private final String text;
    private final int length;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;

    private Lexer(String text) {
        this.text = text;
        this.length = text.length();
    }

    static List<Token> tokenize(String text) {
        Lexer lexer = new Lexer(text);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        while (true) {
            skipWhitespaceAndComments();
            if (pos >= length) {
                tokens.add(new Token(Token.Kind.EOF, "", length));
                return;
            }
            char c = text.charAt(pos);
            if (c == '\'' || c == '"') {
                readString(c);
            } else if (isDigit(c) || (c == '-' && pos + 1 < length && isDigit(text.charAt(pos + 1)))) {
                readNumber();
            } else if (c == '$') {
                readParameter();
            } else if (isIdentifierStart(c)) {
                readIdentifier();
            } else {
                readPunctuation(c);
            }
        }
    }

    /** RavenDB accepts // line and block comments in RQL; studio-written queries use them. */
    private void skipWhitespaceAndComments() {
        while (pos < length) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '/' && pos + 1 < length && text.charAt(pos + 1) == '/') {
                while (pos < length && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (c == '/' && pos + 1 < length && text.charAt(pos + 1) == '*') {
                int end = text.indexOf("*/", pos + 2);
                if (end < 0) {
                    throw new InvalidQueryException("Invalid RQL at position " + pos + ": unterminated /* comment");
                }
                pos = end + 2;
            } else {
                return;
            }
        }
    }

    private void readString(char quote) {
        int start = pos++;
        StringBuilder value = new StringBuilder();
        while (pos < length) {
            char c = text.charAt(pos++);
            if (c == quote) {
                tokens.add(new Token(Token.Kind.STRING, value.toString(), start));
                return;
            }
            if (c != '\\') {
                value.append(c);
                continue;
            }
            if (pos >= length) {
                break;
            }
            char escaped = text.charAt(pos++);
            switch (escaped) {
                case 'n' -> value.append('\n');
                case 't' -> value.append('\t');
                case 'r' -> value.append('\r');
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'u' -> value.append(readUnicodeEscape());
                // \\, \', \" and any other escaped character stand for themselves.
                default -> value.append(escaped);
            }
        }
        throw new InvalidQueryException("Invalid RQL at position " + start
                + ": string literal is not terminated (missing closing " + quote + ")");
    }

    private char readUnicodeEscape() {
        int start = pos - 2;
        if (pos + 4 > length) {
            throw new InvalidQueryException("Invalid RQL at position " + start + ": incomplete \\u escape");
        }
        int code = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(pos++), 16);
            if (digit < 0) {
                throw new InvalidQueryException("Invalid RQL at position " + start
                        + ": \\u escape needs four hexadecimal digits");
            }
            code = code * 16 + digit;
        }
        return (char) code;
    }

    private void readNumber() {
        int start = pos;
        if (text.charAt(pos) == '-') {
            pos++;
        }
        skipDigits();
        if (pos + 1 < length && text.charAt(pos) == '.' && isDigit(text.charAt(pos + 1))) {
            pos++;
            skipDigits();
        }
        if (pos < length && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            int mark = pos++;
            if (pos < length && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < length && isDigit(text.charAt(pos))) {
                skipDigits();
            } else {
                pos = mark; // not an exponent after all: "3e" lexes as 3 followed by identifier e
            }
        }
        tokens.add(new Token(Token.Kind.NUMBER, text.substring(start, pos), start));
    }

    private void skipDigits() {
        while (pos < length && isDigit(text.charAt(pos))) {
            pos++;
        }
    }

    private void readParameter() {
        int start = pos++;
        while (pos < length && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        if (pos == start + 1) {
            throw new InvalidQueryException("Invalid RQL at position " + start + ": expected a parameter name after '$'");
        }
        tokens.add(new Token(Token.Kind.PARAM, text.substring(start + 1, pos), start));
    }

    private void readIdentifier() {
        int start = pos++;
        while (pos < length && isIdentifierPart(text.charAt(pos))) {
            pos++;
        }
        tokens.add(new Token(Token.Kind.IDENT, text.substring(start, pos), start));
    }

    private void readPunctuation(char c) {
        int start = pos++;
        char next = pos < length ? text.charAt(pos) : '\0';
        Token.Kind kind = Token.Kind.OP;
        String value;
        switch (c) {
            case '(' -> { kind = Token.Kind.LPAREN; value = "("; }
            case ')' -> { kind = Token.Kind.RPAREN; value = ")"; }
            case ',' -> { kind = Token.Kind.COMMA; value = ","; }
            case '.' -> { kind = Token.Kind.DOT; value = "."; }
            case '=' -> value = consumeIf(next == '=', "=");
            case '!' -> {
                if (next == '=') {
                    pos++;
                    value = "!=";
                } else {
                    kind = Token.Kind.SYMBOL;
                    value = "!";
                }
            }
            case '<' -> value = next == '=' ? consume("<=") : next == '>' ? consume("!=") : "<";
            case '>' -> value = consumeIf(next == '=', ">=", ">");
            default -> {
                kind = Token.Kind.SYMBOL;
                value = String.valueOf(c);
            }
        }
        tokens.add(new Token(kind, value, start));
    }

    private String consume(String value) {
        pos++;
        return value;
    }

    private String consumeIf(boolean condition, String value) {
        if (condition) {
            pos++;
        }
        return value;
    }

    private String consumeIf(boolean condition, String twoChar, String oneChar) {
        if (condition) {
            pos++;
            return twoChar;
        }
        return oneChar;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    // '@' starts metadata names (@metadata, @all_docs); surrogates let non-BMP letters through.
    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_' || c == '@' || Character.isSurrogate(c);
    }

    // Same character set the RavenDB client leaves unescaped in field names: '-' and "[]" included.
    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '@' || c == '-' || c == '[' || c == ']'
                || Character.isSurrogate(c);
    }
}
