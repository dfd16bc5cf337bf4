package dev.muninn.node.documents.query;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Entry point: parses the RQL subset Muninn supports and compiles it into a {@link Query}.
 *
 * <pre>
 * query   := 'from' source ['where' expr] ['order' 'by' order (',' order)*]
 *            ['select' item (',' item)*] ['include' path (',' path)*]
 *            ['limit' n [',' n] ['offset' n] | 'offset' n]
 * source  := identifier | 'quoted' | "quoted" | '@all_docs'
 * order   := field ['as' (long|double|string|alphanumeric)] ['asc'|'desc']
 * item    := field ['as' alias]
 * field   := id() | name ('.' name)*
 * </pre>
 *
 * Clauses must come in this order, as in RavenDB. See {@link WhereParser} for {@code expr}.
 * Everything else RavenDB understands is rejected with an {@link InvalidQueryException} naming the
 * construct and its position.
 */
public final class RqlParser {
    private static final String CLAUSES = "'where', 'order by', 'select', 'include', 'limit' or the end of the query";
    private static final Set<String> RESERVED = Set.of(
            "where", "order", "select", "include", "limit", "offset", "group", "load", "update", "filter");

    private final ParseCursor cursor;
    private final Set<String> indexedFields = new LinkedHashSet<>();
    private String collection;
    private Predicate where;
    private final List<OrderClause> order = new ArrayList<>();
    private Projection projection;
    private final List<String> includes = new ArrayList<>();
    /** Counters named by {@code include counters(...)}: null when none, empty for every counter. */
    private java.util.Set<String> counterIncludes;
    private long skip;
    private OptionalLong take = OptionalLong.empty();

    private RqlParser(ParseCursor cursor) {
        this.cursor = cursor;
    }

    public static Query parse(String rql, JsonNode parameters) {
        if (rql == null || rql.isBlank()) {
            throw new InvalidQueryException("Invalid RQL: the query text is empty");
        }
        return new RqlParser(new ParseCursor(Lexer.tokenize(rql), parameters)).parseQuery();
    }

    private Query parseQuery() {
        Token first = cursor.peek();
        if (first.isKeyword("declare")) {
            throw cursor.unsupported(first, "'declare function'");
        }
        if (first.isKeyword("match") || first.isKeyword("with")) {
            throw cursor.unsupported(first, "graph query ('" + first.text() + "')");
        }
        cursor.expectKeyword("from", "'from' at the start of the query");
        parseSource();
        int lastClause = 0;
        while (!cursor.atEnd()) {
            Token token = cursor.peek();
            int clause = clauseRank(token);
            if (clause == 0) {
                rejectUnsupportedClause(token);
                throw cursor.expected(CLAUSES);
            }
            if (clause <= lastClause) {
                throw cursor.error(token, "clause is repeated or out of order; clauses must appear as "
                        + "where, order by, select, include, limit");
            }
            lastClause = clause;
            cursor.next();
            switch (clause) {
                case 1 -> where = WhereParser.parse(cursor, indexedFields);
                case 2 -> parseOrderBy();
                case 3 -> parseSelect();
                case 4 -> parseInclude();
                default -> parseLimit(token);
            }
        }
        return new Query(collection, where, order.isEmpty() ? null : Ordering.comparator(order), skip, take,
                projection, includes, indexName(), counterIncludes == null ? null : List.copyOf(counterIncludes));
    }

    private static int clauseRank(Token token) {
        if (!token.is(Token.Kind.IDENT)) {
            return 0;
        }
        return switch (token.text().toLowerCase(Locale.ROOT)) {
            case "where" -> 1;
            case "order" -> 2;
            case "select" -> 3;
            case "include" -> 4;
            case "limit", "offset" -> 5;
            default -> 0;
        };
    }

    private void rejectUnsupportedClause(Token token) {
        if (!token.is(Token.Kind.IDENT)) {
            return;
        }
        String feature = switch (token.text().toLowerCase(Locale.ROOT)) {
            case "group" -> "'group by' (map-reduce query)";
            case "load" -> "'load' of related documents";
            case "update" -> "'update' (patch by query)";
            case "filter" -> "'filter' clause";
            case "as" -> "collection alias ('as')";
            case "with" -> "'with' clause";
            default -> null;
        };
        if (feature != null) {
            throw cursor.unsupported(token, feature);
        }
    }

    private void parseSource() {
        Token token = cursor.peek();
        if (token.isKeyword("index") && (cursor.peek(1).is(Token.Kind.STRING) || cursor.peek(1).is(Token.Kind.IDENT))) {
            throw cursor.unsupported(token, "querying an index ('from index')");
        }
        boolean quoted = token.is(Token.Kind.STRING);
        if (!quoted && !(token.is(Token.Kind.IDENT) && !RESERVED.contains(token.text().toLowerCase(Locale.ROOT)))) {
            throw cursor.expected("a collection name or @all_docs after 'from'");
        }
        cursor.next();
        String name = token.text();
        if (name.equalsIgnoreCase("@all_docs")) {
            collection = null;
        } else if (!quoted && name.startsWith("@")) {
            throw cursor.unsupported(token, "special collection '" + name + "'");
        } else if (name.isEmpty()) {
            throw cursor.error(token, "collection name is empty");
        } else {
            collection = name;
        }
    }

    private void parseOrderBy() {
        cursor.expectKeyword("by", "'by' after 'order'");
        do {
            rejectFunction("ordering by function");
            FieldPath path = cursor.readField("a field to order by");
            OrderClause.Type type = OrderClause.Type.DEFAULT;
            if (cursor.acceptKeyword("as")) {
                type = orderType();
            }
            boolean descending = false;
            if (cursor.acceptKeyword("desc") || cursor.acceptKeyword("descending")) {
                descending = true;
            } else if (!cursor.acceptKeyword("asc")) {
                cursor.acceptKeyword("ascending");
            }
            if (!path.isDocumentId()) {
                indexedFields.add(path.name());
            }
            order.add(new OrderClause(path, type, descending));
        } while (cursor.accept(Token.Kind.COMMA));
    }

    private OrderClause.Type orderType() {
        Token token = cursor.peek();
        if (token.is(Token.Kind.IDENT)) {
            OrderClause.Type type = switch (token.text().toLowerCase(Locale.ROOT)) {
                case "long" -> OrderClause.Type.LONG;
                case "double" -> OrderClause.Type.DOUBLE;
                case "string" -> OrderClause.Type.STRING;
                case "alphanumeric" -> OrderClause.Type.ALPHANUMERIC;
                default -> null;
            };
            if (type != null) {
                cursor.next();
                return type;
            }
        }
        throw cursor.expected("an ordering type after 'as' (long, double, string or alphanumeric)");
    }

    private void parseSelect() {
        Token token = cursor.peek();
        if (token.isKeyword("distinct")) {
            throw cursor.unsupported(token, "'select distinct'");
        }
        if (token.isSymbol("{")) {
            throw cursor.unsupported(token, "JavaScript object projection ('select { ... }')");
        }
        if (token.isSymbol("*")) {
            throw cursor.unsupported(token, "'select *'");
        }
        List<FieldPath> paths = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        do {
            rejectFunction("function call in select");
            FieldPath path = cursor.readField("a field to select");
            String name = path.isDocumentId() ? "Id" : path.name();
            if (cursor.acceptKeyword("as")) {
                Token alias = cursor.peek();
                if (!alias.is(Token.Kind.IDENT) && !alias.is(Token.Kind.STRING)) {
                    throw cursor.expected("an alias after 'as'");
                }
                name = cursor.next().text();
            }
            if (!seen.add(name)) {
                throw cursor.error(cursor.peek(), "duplicate projection name '" + name + "' in select");
            }
            paths.add(path);
            names.add(name);
        } while (cursor.accept(Token.Kind.COMMA));
        projection = new Projection(paths, names);
    }

    private void parseInclude() {
        do {
            if (cursor.peek().isKeyword("counters") && cursor.peek(1).is(Token.Kind.LPAREN)) {
                parseCounterInclude();
                continue;
            }
            rejectFunction("including");
            List<Token> path = cursor.readPath("a path to include");
            StringBuilder joined = new StringBuilder();
            for (Token segment : path) {
                if (joined.length() > 0) {
                    joined.append('.');
                }
                joined.append(segment.text());
            }
            includes.add(joined.toString());
        } while (cursor.accept(Token.Kind.COMMA));
    }

    /**
     * {@code counters()} (every counter of each result) or {@code counters('a', $p0, ...)}; the counters of a
     * document a result refers to ({@code counters(u.Friend, 'a')}) are not supported.
     */
    private void parseCounterInclude() {
        Token keyword = cursor.next();
        cursor.expect(Token.Kind.LPAREN, "'(' after counters");
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        boolean all = cursor.accept(Token.Kind.RPAREN);
        if (!all) {
            do {
                if (cursor.peek().is(Token.Kind.IDENT)) {
                    throw cursor.unsupported(cursor.peek(), "including the counters of a related document");
                }
                JsonNode name = cursor.readValue("a counter name");
                if (!name.isTextual() || name.asText().isEmpty()) {
                    throw cursor.error(keyword, "counters() takes counter names (strings), got " + name);
                }
                names.add(name.asText());
            } while (cursor.accept(Token.Kind.COMMA));
            cursor.expect(Token.Kind.RPAREN, "')' after the counter names");
        }
        if (all || (counterIncludes != null && counterIncludes.isEmpty())) {
            counterIncludes = new java.util.LinkedHashSet<>(); // every counter, whatever else is named
        } else if (counterIncludes == null) {
            counterIncludes = names;
        } else {
            counterIncludes.addAll(names);
        }
    }

    private void parseLimit(Token keyword) {
        // A parameter whose value is null stands for no offset (0) or no limit, as in RavenDB: the Node.js client
        // sends "limit $p1, $p2" with p1 null for a take without a skip, and p2 null for a skip without a take.
        if (keyword.isKeyword("offset")) {
            skip = cursor.readNonNegativeIntegerOrNull("the offset").orElse(0);
            return;
        }
        OptionalLong first = cursor.readNonNegativeIntegerOrNull("the limit");
        if (cursor.accept(Token.Kind.COMMA)) {
            skip = first.orElse(0); // "limit skip, take", the form the client sends
            take = cursor.readNonNegativeIntegerOrNull("the take count after 'limit skip,'");
            if (cursor.peekKeyword("offset")) {
                throw cursor.error(cursor.peek(), "'offset' cannot be combined with 'limit skip, take'");
            }
            return;
        }
        take = first;
        if (cursor.acceptKeyword("offset")) {
            skip = cursor.readNonNegativeIntegerOrNull("the offset").orElse(0);
        }
    }

    private void rejectFunction(String feature) {
        Token token = cursor.peek();
        if (cursor.atFunctionCall()) {
            throw cursor.unsupported(token, feature + " '" + token.text() + "()'");
        }
        if (token.isKeyword("spatial") && cursor.peek(1).is(Token.Kind.DOT)) {
            throw cursor.unsupported(token, feature + " 'spatial...'");
        }
    }

    /** RavenDB-style auto index name; id() is left out since RavenDB serves it without an index. */
    private String indexName() {
        String source = collection == null ? "AllDocs" : collection;
        if (indexedFields.isEmpty()) {
            return "collection/" + source;
        }
        return "Auto/" + source + "/By" + String.join("And", indexedFields);
    }
}
