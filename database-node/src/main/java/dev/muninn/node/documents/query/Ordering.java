package dev.muninn.node.documents.query;

import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Builds the {@link Comparator} for {@code order by}. Every clause defines a total order (values
 * are first split into ranked groups, then compared inside a group) so sorting never trips over
 * "comparison method violates its general contract". Missing and null values rank lowest, so
 * they come first ascending and last descending.
 */
final class Ordering {

    private Ordering() {
    }

    static Comparator<Candidate> comparator(List<OrderClause> clauses) {
        Comparator<Candidate> result = null;
        for (OrderClause clause : clauses) {
            Comparator<Candidate> single = single(clause);
            result = result == null ? single : result.thenComparing(single);
        }
        return result;
    }

    private static Comparator<Candidate> single(OrderClause clause) {
        FieldPath path = clause.path();
        OrderClause.Type type = clause.type();
        Comparator<Candidate> ascending = (left, right) -> compareKeys(
                path.sortValue(left.documentId(), left.document()),
                path.sortValue(right.documentId(), right.document()),
                type);
        return clause.descending() ? ascending.reversed() : ascending;
    }

    static int compareKeys(JsonNode left, JsonNode right, OrderClause.Type type) {
        int rank = Integer.compare(rank(left, type), rank(right, type));
        if (rank != 0) {
            return rank;
        }
        return switch (type) {
            case LONG -> compareLongs(left, right);
            case DOUBLE -> left.isNumber() ? Values.compareNumbers(left, right) : 0;
            case STRING -> Values.isNullOrMissing(left) ? 0 : Values.compareText(Values.text(left), Values.text(right), false);
            case ALPHANUMERIC -> Values.isNullOrMissing(left) ? 0
                    : AlphanumericComparator.compare(Values.text(left), Values.text(right));
            case DEFAULT -> compareDefault(left, right);
        };
    }

    /**
     * Groups: 0 = missing/null (and, for numeric sorts, anything non-numeric), 1 = numbers,
     * 2 = everything else. Without an explicit type, numbers precede strings; within the group
     * the comparison is numeric or case-insensitive text respectively.
     */
    private static int rank(JsonNode value, OrderClause.Type type) {
        if (Values.isNullOrMissing(value)) {
            return 0;
        }
        return switch (type) {
            case LONG, DOUBLE -> value.isNumber() ? 1 : 0;
            case STRING, ALPHANUMERIC -> 1;
            case DEFAULT -> value.isNumber() ? 1 : 2;
        };
    }

    // "as long" sorts by the truncated integral value like RavenDB's long index field does.
    private static int compareLongs(JsonNode left, JsonNode right) {
        if (!left.isNumber()) {
            return 0;
        }
        if (left.canConvertToLong() && right.canConvertToLong()) {
            return Long.compare(left.longValue(), right.longValue());
        }
        return Values.compareNumbers(left, right);
    }

    private static int compareDefault(JsonNode left, JsonNode right) {
        if (Values.isNullOrMissing(left)) {
            return 0;
        }
        if (left.isNumber()) {
            return Values.compareNumbers(left, right);
        }
        return Values.compareText(Values.text(left), Values.text(right), false);
    }
}
