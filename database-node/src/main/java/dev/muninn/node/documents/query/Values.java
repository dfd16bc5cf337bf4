package dev.muninn.node.documents.query;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Value comparison rules shared by predicates and ordering. Comparisons are typed: numbers only
 * meet numbers, strings only strings and booleans only booleans, which mirrors RavenDB keeping
 * numeric and textual index terms apart.
 */
final class Values {

    /** Returned by {@link #compareRange} when the pair has no order (type mismatch, null, missing). */
    static final int INCOMPARABLE = Integer.MIN_VALUE;

    private Values() {
    }

    static boolean isNullOrMissing(JsonNode value) {
        return value.isNull() || value.isMissingNode();
    }

    /** Equality of a document value with a query value; strings ignore case unless exact. */
    static boolean equal(JsonNode documentValue, JsonNode queryValue, boolean exact) {
        if (queryValue.isNull()) {
            return isNullOrMissing(documentValue);
        }
        if (queryValue.isTextual()) {
            if (!documentValue.isTextual()) {
                return false;
            }
            String text = documentValue.textValue();
            return exact ? text.equals(queryValue.textValue()) : text.equalsIgnoreCase(queryValue.textValue());
        }
        if (queryValue.isNumber()) {
            return documentValue.isNumber() && compareNumbers(documentValue, queryValue) == 0;
        }
        if (queryValue.isBoolean()) {
            return documentValue.isBoolean() && documentValue.booleanValue() == queryValue.booleanValue();
        }
        return false;
    }

    /** Sign of documentValue minus queryValue for range operators, or {@link #INCOMPARABLE}. */
    static int compareRange(JsonNode documentValue, JsonNode queryValue, boolean exact) {
        if (documentValue.isNumber() && queryValue.isNumber()) {
            return compareNumbers(documentValue, queryValue);
        }
        if (documentValue.isTextual() && queryValue.isTextual()) {
            return compareText(documentValue.textValue(), queryValue.textValue(), exact);
        }
        return INCOMPARABLE;
    }

    static int compareText(String left, String right, boolean exact) {
        return Integer.signum(exact ? left.compareTo(right) : String.CASE_INSENSITIVE_ORDER.compare(left, right));
    }

    /**
     * Numeric comparison across Jackson's int/long/double/BigDecimal/BigInteger nodes without
     * allocating in the common cases: longs compare directly, otherwise doubles decide unless
     * they tie and a precise representation could still tell the values apart.
     */
    static int compareNumbers(JsonNode left, JsonNode right) {
        if (left.isIntegralNumber() && right.isIntegralNumber() && left.canConvertToLong() && right.canConvertToLong()) {
            return Long.compare(left.longValue(), right.longValue());
        }
        double l = left.doubleValue();
        double r = right.doubleValue();
        if (l < r) {
            return -1;
        }
        if (l > r) {
            return 1;
        }
        if (l != r) {
            return Integer.signum(Double.compare(l, r)); // NaN involved: order it last, consistently
        }
        if (!Double.isFinite(l) || (isDoubleExact(left) && isDoubleExact(right))) {
            return 0;
        }
        // decimalValue() of a double is its shortest decimal form, so 0.1d equals a parsed 0.1.
        return Integer.signum(left.decimalValue().compareTo(right.decimalValue()));
    }

    // Doubles hold these node kinds without rounding, so a double tie is a real tie.
    private static boolean isDoubleExact(JsonNode value) {
        if (value.isDouble() || value.isFloat() || value.isInt() || value.isShort()) {
            return true;
        }
        return value.isLong() && Math.abs(value.longValue()) <= (1L << 53);
    }

    /** String form used by string and alphanumeric ordering and by the default order fallback. */
    static String text(JsonNode value) {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isValueNode()) {
            return value.asText();
        }
        return value.toString();
    }
}
