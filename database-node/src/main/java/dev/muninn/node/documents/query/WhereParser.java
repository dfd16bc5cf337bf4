package dev.muninn.node.documents.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Recursive-descent parser for the where expression, compiling it straight into a
 * {@link Predicate} tree. Grammar (keywords case-insensitive):
 *
 * <pre>
 * or      := and ('or' and)*
 * and     := unary ('and' unary)*
 * unary   := 'not' unary | primary
 * primary := '(' or ')' | 'true' | exact '(' or ')'
 *          | startsWith '(' field ',' value ')' | endsWith '(' field ',' value ')' | exists '(' field ')'
 *          | field op value | field 'between' value 'and' value | field 'in' '(' value (',' value)* ')'
 * op      := '=' | '==' | '!=' | '&lt;&gt;' | '&lt;' | '&lt;=' | '&gt;' | '&gt;='
 * </pre>
 *
 * Nesting is capped so hostile input cannot overflow the stack.
 */
final class WhereParser {
    static final int MAX_DEPTH = 100;

    private final ParseCursor cursor;
    private final Set<String> indexedFields;
    private boolean exact;

    private WhereParser(ParseCursor cursor, Set<String> indexedFields) {
        this.cursor = cursor;
        this.indexedFields = indexedFields;
    }

    /** Parses the expression after {@code where}; field names used are added to {@code indexedFields}. */
    static Predicate parse(ParseCursor cursor, Set<String> indexedFields) {
        return new WhereParser(cursor, indexedFields).parseOr(0);
    }

    private Predicate parseOr(int depth) {
        Predicate first = parseAnd(depth);
        if (!cursor.peekKeyword("or")) {
            return first;
        }
        List<Predicate> operands = new ArrayList<>();
        operands.add(first);
        while (cursor.acceptKeyword("or")) {
            operands.add(parseAnd(depth));
        }
        return Predicate.or(operands);
    }

    private Predicate parseAnd(int depth) {
        Predicate first = parseUnary(depth);
        if (!cursor.peekKeyword("and")) {
            return first;
        }
        List<Predicate> operands = new ArrayList<>();
        operands.add(first);
        while (cursor.acceptKeyword("and")) {
            operands.add(parseUnary(depth));
        }
        return Predicate.and(operands);
    }

    private Predicate parseUnary(int depth) {
        if (depth > MAX_DEPTH) {
            throw cursor.error(cursor.peek(), "conditions are nested more than " + MAX_DEPTH + " levels deep");
        }
        if (cursor.acceptKeyword("not")) {
            return Predicate.not(parseUnary(depth + 1));
        }
        return parsePrimary(depth);
    }

    private Predicate parsePrimary(int depth) {
        Token token = cursor.peek();
        if (token.is(Token.Kind.LPAREN)) {
            cursor.next();
            Predicate inner = parseOr(depth + 1);
            cursor.expect(Token.Kind.RPAREN, "')' closing the '(' at position " + token.position());
            return inner;
        }
        if (token.is(Token.Kind.IDENT)) {
            if (cursor.atFunctionCall()) {
                return parseFunction(depth);
            }
            if (token.isKeyword("spatial") && cursor.peek(1).is(Token.Kind.DOT)) {
                throw cursor.unsupported(token, "spatial query");
            }
            if (token.isKeyword("true") && !startsComparison(cursor.peek(1))) {
                cursor.next();
                return Predicate.TRUE;
            }
            return parseComparison();
        }
        if (token.is(Token.Kind.STRING)) {
            return parseComparison(); // quoted field name, as the client escapes unusual names
        }
        throw cursor.expected("a condition (a field comparison, '(', 'not', 'true', exact(), startsWith(), "
                + "endsWith() or exists())");
    }

    private static boolean startsComparison(Token token) {
        return token.is(Token.Kind.OP) || token.isKeyword("between") || token.isKeyword("in") || token.isKeyword("all");
    }

    private Predicate parseFunction(int depth) {
        Token name = cursor.next();
        cursor.next(); // '('
        switch (name.text().toLowerCase(Locale.ROOT)) {
            case "exact": {
                boolean outer = exact;
                exact = true;
                Predicate inner = parseOr(depth + 1);
                exact = outer;
                cursor.expect(Token.Kind.RPAREN, "')' closing exact(");
                return inner;
            }
            case "startswith":
            case "endswith": {
                FieldPath path = field("a field as the first argument of " + name.text() + "()");
                cursor.expect(Token.Kind.COMMA, "',' after the field in " + name.text() + "()");
                Token valueToken = cursor.peek();
                String affix = affixArgument(valueToken, cursor.readValue("the second argument of " + name.text() + "()"));
                cursor.expect(Token.Kind.RPAREN, "')' closing " + name.text() + "(");
                boolean prefix = name.text().equalsIgnoreCase("startsWith");
                return new FieldPredicates.Affix(path, affix, prefix, exact);
            }
            case "exists": {
                FieldPath path = field("a field inside exists()");
                cursor.expect(Token.Kind.RPAREN, "')' closing exists(");
                return new FieldPredicates.Exists(path);
            }
            default:
                throw cursor.unsupported(name, "function '" + name.text() + "()' in where");
        }
    }

    private String affixArgument(Token token, JsonNode value) {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isNumber() || value.isBoolean()) {
            return value.asText(); // the client may pass non-strings; RavenDB matches their text form
        }
        throw cursor.error(token, "startsWith()/endsWith() need a string value but got " + value.getNodeType());
    }

    private Predicate parseComparison() {
        FieldPath path = field("a field name");
        Token operator = cursor.peek();
        if (operator.is(Token.Kind.OP)) {
            cursor.next();
            JsonNode value = scalar("a value after '" + operator.text() + "'");
            return switch (operator.text()) {
                case "=" -> new FieldPredicates.Compare(path, FieldPredicates.Operator.EQ, value, exact);
                case "!=" -> Predicate.not(new FieldPredicates.Compare(path, FieldPredicates.Operator.EQ, value, exact));
                case "<" -> new FieldPredicates.Compare(path, FieldPredicates.Operator.LT, value, exact);
                case "<=" -> new FieldPredicates.Compare(path, FieldPredicates.Operator.LE, value, exact);
                case ">" -> new FieldPredicates.Compare(path, FieldPredicates.Operator.GT, value, exact);
                default -> new FieldPredicates.Compare(path, FieldPredicates.Operator.GE, value, exact);
            };
        }
        if (cursor.acceptKeyword("between")) {
            JsonNode low = scalar("the lower bound after 'between'");
            cursor.expectKeyword("and", "'and' between the two bounds of 'between'");
            JsonNode high = scalar("the upper bound of 'between'");
            return new FieldPredicates.Between(path, low, high, exact);
        }
        if (cursor.acceptKeyword("in")) {
            return new FieldPredicates.In(path, inList(), exact);
        }
        if (operator.isKeyword("all") && cursor.peek(1).isKeyword("in")) {
            throw cursor.unsupported(operator, "'all in'");
        }
        throw cursor.expected("an operator (=, !=, <, <=, >, >=, between or in) after field '" + path.name() + "'");
    }

    private JsonNode[] inList() {
        cursor.expect(Token.Kind.LPAREN, "'(' after 'in'");
        List<JsonNode> values = new ArrayList<>();
        if (!cursor.accept(Token.Kind.RPAREN)) {
            do {
                Token token = cursor.peek();
                JsonNode value = cursor.readValue("a value in the 'in' list");
                flattenInto(token, value, values);
            } while (cursor.accept(Token.Kind.COMMA));
            cursor.expect(Token.Kind.RPAREN, "',' or ')' in the 'in' list");
        }
        return values.toArray(JsonNode[]::new);
    }

    /** An array parameter in an in-list means "any of its elements" (how the client sends whereIn). */
    private void flattenInto(Token token, JsonNode value, List<JsonNode> values) {
        if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                flattenInto(token, value.get(i), values);
            }
        } else if (value.isObject()) {
            throw cursor.error(token, "'in' values must be strings, numbers, booleans or null, not objects");
        } else {
            values.add(value);
        }
    }

    private JsonNode scalar(String what) {
        Token token = cursor.peek();
        JsonNode value = cursor.readValue(what);
        if (value.isContainerNode()) {
            throw cursor.error(token, "a comparison needs a single value but got " + value.getNodeType()
                    + (value.isArray() ? "; use 'in (...)' to match any element of an array" : ""));
        }
        return value;
    }

    private FieldPath field(String what) {
        FieldPath path = cursor.readField(what);
        if (!path.isDocumentId()) {
            indexedFields.add(path.name());
        }
        return path;
    }
}
