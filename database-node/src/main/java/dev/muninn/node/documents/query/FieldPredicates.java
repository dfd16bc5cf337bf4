package dev.muninn.node.documents.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Leaf predicates that look at one field. Each implements {@link FieldPath.ValueTest} itself,
 * so evaluating a document passes {@code this} down the path walk instead of allocating lambdas.
 * The {@code exact} flag (set inside {@code exact(...)}) switches strings to case-sensitive;
 * {@code id()} is always case-insensitive because RavenDB document ids are.
 */
final class FieldPredicates {

    enum Operator {
        EQ, LT, LE, GT, GE
    }

    private FieldPredicates() {
    }

    /** A predicate that holds when any value at its field path passes {@link #testValue}. */
    abstract static class AnyValue implements Predicate, FieldPath.ValueTest {
        final FieldPath path;

        AnyValue(FieldPath path) {
            this.path = path;
        }

        @Override
        public boolean test(String documentId, ObjectNode document) {
            return path.anyValue(documentId, document, this);
        }
    }

    /** Single-field comparison; {@code !=} is built as {@code not(=)} like RavenDB does. */
    static final class Compare extends AnyValue {
        private final Operator operator;
        private final JsonNode value;
        private final boolean exact;

        Compare(FieldPath path, Operator operator, JsonNode value, boolean exact) {
            super(path);
            this.operator = operator;
            this.value = value;
            this.exact = exact && !path.isDocumentId();
        }

        @Override
        public boolean testValue(JsonNode candidate) {
            if (operator == Operator.EQ) {
                return Values.equal(candidate, value, exact);
            }
            int comparison = Values.compareRange(candidate, value, exact);
            if (comparison == Values.INCOMPARABLE) {
                return false;
            }
            return switch (operator) {
                case LT -> comparison < 0;
                case LE -> comparison <= 0;
                case GT -> comparison > 0;
                case GE -> comparison >= 0;
                case EQ -> comparison == 0;
            };
        }
    }

    /** {@code field between low and high}, inclusive on both ends. */
    static final class Between extends AnyValue {
        private final JsonNode low;
        private final JsonNode high;
        private final boolean exact;

        Between(FieldPath path, JsonNode low, JsonNode high, boolean exact) {
            super(path);
            this.low = low;
            this.high = high;
            this.exact = exact && !path.isDocumentId();
        }

        @Override
        public boolean testValue(JsonNode candidate) {
            int fromLow = Values.compareRange(candidate, low, exact);
            if (fromLow == Values.INCOMPARABLE || fromLow < 0) {
                return false;
            }
            int fromHigh = Values.compareRange(candidate, high, exact);
            return fromHigh != Values.INCOMPARABLE && fromHigh <= 0;
        }
    }

    /** {@code field in (v1, v2, ...)}; array parameters were flattened into {@code values}. */
    static final class In implements Predicate, FieldPath.ValueTest {
        private final FieldPath path;
        private final JsonNode[] values;
        private final boolean exact;

        In(FieldPath path, JsonNode[] values, boolean exact) {
            this.path = path;
            this.values = values;
            this.exact = exact && !path.isDocumentId();
        }

        @Override
        public boolean test(String documentId, ObjectNode document) {
            return values.length > 0 && path.anyValue(documentId, document, this);
        }

        @Override
        public boolean testValue(JsonNode candidate) {
            for (JsonNode value : values) {
                if (Values.equal(candidate, value, exact)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code startsWith(field, s)} and {@code endsWith(field, s)}; strings only. */
    static final class Affix extends AnyValue {
        private final String affix;
        private final boolean prefix;
        private final boolean exact;

        Affix(FieldPath path, String affix, boolean prefix, boolean exact) {
            super(path);
            this.affix = affix;
            this.prefix = prefix;
            this.exact = exact && !path.isDocumentId();
        }

        @Override
        public boolean testValue(JsonNode candidate) {
            if (!candidate.isTextual()) {
                return false;
            }
            String text = candidate.textValue();
            int offset = prefix ? 0 : text.length() - affix.length();
            return offset >= 0 && text.regionMatches(!exact, offset, affix, 0, affix.length());
        }
    }

    /** {@code exists(field)}: the member is present, even when it holds null or an empty array. */
    static final class Exists implements Predicate {
        private final FieldPath path;

        Exists(FieldPath path) {
            this.path = path;
        }

        @Override
        public boolean test(String documentId, ObjectNode document) {
            return path.exists(documentId, document);
        }
    }
}
