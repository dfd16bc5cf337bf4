package dev.muninn.node.documents.query;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Token cursor shared by the clause parsers: one-token lookahead helpers, uniform error messages
 * (always naming the position and what was found) and reading of values, parameters and fields.
 * The cursor only moves forward, which keeps parsing linear.
 */
final class ParseCursor {
    private final List<Token> tokens;
    private final JsonNode parameters;
    private int index;

    ParseCursor(List<Token> tokens, JsonNode parameters) {
        this.tokens = tokens;
        if (parameters != null && !parameters.isNull() && !parameters.isMissingNode() && !parameters.isObject()) {
            throw new InvalidQueryException("Invalid query parameters: QueryParameters must be a JSON object but was "
                    + parameters.getNodeType());
        }
        this.parameters = parameters;
    }

    Token peek() {
        return tokens.get(index);
    }

    Token peek(int ahead) {
        return tokens.get(Math.min(index + ahead, tokens.size() - 1));
    }

    Token next() {
        Token token = tokens.get(index);
        if (token.kind() != Token.Kind.EOF) {
            index++;
        }
        return token;
    }

    boolean atEnd() {
        return peek().is(Token.Kind.EOF);
    }

    boolean peekKeyword(String keyword) {
        return peek().isKeyword(keyword);
    }

    boolean acceptKeyword(String keyword) {
        if (peekKeyword(keyword)) {
            index++;
            return true;
        }
        return false;
    }

    void expectKeyword(String keyword, String what) {
        if (!acceptKeyword(keyword)) {
            throw expected(what);
        }
    }

    boolean accept(Token.Kind kind) {
        if (peek().is(kind)) {
            next();
            return true;
        }
        return false;
    }

    Token expect(Token.Kind kind, String what) {
        if (!peek().is(kind)) {
            throw expected(what);
        }
        return next();
    }

    /** True when the upcoming tokens are {@code name(}, i.e. a function call other than id(). */
    boolean atFunctionCall() {
        return peek().is(Token.Kind.IDENT) && peek(1).is(Token.Kind.LPAREN) && !peekKeyword("id");
    }

    InvalidQueryException expected(String what) {
        Token found = peek();
        return new InvalidQueryException("Invalid RQL at position " + found.position() + ": expected " + what
                + " but found " + found.describe());
    }

    InvalidQueryException error(Token at, String problem) {
        return new InvalidQueryException("Invalid RQL at position " + at.position() + " (" + at.describe() + "): " + problem);
    }

    InvalidQueryException unsupported(Token at, String feature) {
        return new InvalidQueryException("Unsupported RQL at position " + at.position() + " (" + at.describe() + "): "
                + feature + " is not supported; Muninn only runs collection queries with where, order by, "
                + "select, include and limit clauses");
    }

    /** A literal or parameter: string, number, true, false or null; parameters may be any JSON. */
    JsonNode readValue(String what) {
        Token token = peek();
        switch (token.kind()) {
            case PARAM:
                next();
                return parameter(token);
            case STRING:
                next();
                return TextNode.valueOf(token.text());
            case NUMBER:
                next();
                return number(token);
            case IDENT:
                if (token.isKeyword("true") || token.isKeyword("false")) {
                    next();
                    return BooleanNode.valueOf(token.isKeyword("true"));
                }
                if (token.isKeyword("null")) {
                    next();
                    return NullNode.getInstance();
                }
                throw expected(what + " (a $parameter or a string, number, true, false or null literal)");
            default:
                throw expected(what + " (a $parameter or a string, number, true, false or null literal)");
        }
    }

    private JsonNode parameter(Token token) {
        JsonNode value = parameters == null ? null : parameters.get(token.text());
        if (value == null || value.isMissingNode()) {
            throw error(token, "unknown parameter $" + token.text() + "; it is not present in QueryParameters");
        }
        return value;
    }

    private JsonNode number(Token token) {
        String text = token.text();
        try {
            if (text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0) {
                return text.length() <= 18 ? LongNode.valueOf(Long.parseLong(text)) : integral(text);
            }
            return DecimalNode.valueOf(new BigDecimal(text));
        } catch (NumberFormatException | ArithmeticException e) {
            throw error(token, "number literal is out of range");
        }
    }

    private static JsonNode integral(String text) {
        BigInteger value = new BigInteger(text);
        return value.bitLength() < 64 ? LongNode.valueOf(value.longValue()) : BigIntegerNode.valueOf(value);
    }

    /** Reads a limit/offset operand: a non-negative integer literal or integer parameter. */
    long readNonNegativeInteger(String what) {
        OptionalLong value = readNonNegativeIntegerOrNull(what, false);
        return value.getAsLong();
    }

    /**
     * Reads a limit/offset operand that may also be a parameter whose value is null, as RavenDB accepts: the Node.js
     * client sends {@code limit $p1, $p2} with {@code p1} null when a query has a take and no skip. Empty for null.
     */
    OptionalLong readNonNegativeIntegerOrNull(String what) {
        return readNonNegativeIntegerOrNull(what, true);
    }

    private OptionalLong readNonNegativeIntegerOrNull(String what, boolean nullAllowed) {
        Token token = peek();
        if (!token.is(Token.Kind.NUMBER) && !token.is(Token.Kind.PARAM)) {
            throw expected(what);
        }
        JsonNode value = readValue(what);
        if (nullAllowed && token.is(Token.Kind.PARAM) && value.isNull()) {
            return OptionalLong.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw error(token, what + " must be an integer but was " + value);
        }
        long result = value.longValue();
        if (result < 0) {
            throw error(token, what + " must not be negative but was " + result);
        }
        return OptionalLong.of(result);
    }

    /** A field reference for where/order by/select: {@code id()} or a dotted path. */
    FieldPath readField(String what) {
        if (peekKeyword("id") && peek(1).is(Token.Kind.LPAREN)) {
            next();
            next();
            expect(Token.Kind.RPAREN, "')' after 'id(' (id() takes no arguments)");
            return FieldPath.DOCUMENT_ID;
        }
        List<Token> path = readPath(what);
        List<String> segments = new ArrayList<>(path.size());
        for (Token segment : path) {
            String name = segment.text();
            if (segment.is(Token.Kind.IDENT)) {
                // "Lines[].Product" is RavenDB's explicit array notation; arrays are always fanned out here.
                name = name.replace("[]", "");
                if (name.indexOf('[') >= 0 || name.indexOf(']') >= 0) {
                    throw error(segment, "invalid field name (only the [] array marker is allowed in field names)");
                }
            }
            if (name.isEmpty()) {
                throw error(segment, "empty field name");
            }
            segments.add(name);
        }
        return FieldPath.of(segments);
    }

    /** Dotted path of identifiers or quoted names, tokens returned verbatim (include uses them too). */
    List<Token> readPath(String what) {
        Token first = peek();
        if (!first.is(Token.Kind.IDENT) && !first.is(Token.Kind.STRING)) {
            throw expected(what);
        }
        List<Token> segments = new ArrayList<>(2);
        segments.add(next());
        while (peek().is(Token.Kind.DOT)) {
            next();
            Token segment = peek();
            if (!segment.is(Token.Kind.IDENT) && !segment.is(Token.Kind.STRING)) {
                throw expected("a field name after '.'");
            }
            segments.add(next());
        }
        return segments;
    }
}
