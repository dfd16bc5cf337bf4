package dev.muninn.node.documents.query;

import static dev.muninn.node.documents.query.RqlTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.MissingNode;

class ValuesTest {

    @Test
    void numbersCompareAcrossNodeTypes() {
        JsonNode[] threes = {IntNode.valueOf(3), LongNode.valueOf(3), DoubleNode.valueOf(3.0), FloatNode.valueOf(3f),
            DecimalNode.valueOf(new BigDecimal("3.000")), BigIntegerNode.valueOf(BigInteger.valueOf(3))};
        for (JsonNode left : threes) {
            for (JsonNode right : threes) {
                assertThat(Values.compareNumbers(left, right)).as(left + " vs " + right).isZero();
                assertThat(Values.equal(left, right, false)).isTrue();
            }
            assertThat(Values.compareNumbers(left, DecimalNode.valueOf(new BigDecimal("3.0000000000000000001")))).isNegative();
            assertThat(Values.compareNumbers(left, IntNode.valueOf(-3))).isPositive();
        }
    }

    @Test
    void doublesEqualTheirShortestDecimalForm() {
        assertThat(Values.compareNumbers(DoubleNode.valueOf(0.1), DecimalNode.valueOf(new BigDecimal("0.1")))).isZero();
        assertThat(Values.compareNumbers(DoubleNode.valueOf(-0.0), IntNode.valueOf(0))).isZero();
    }

    @Test
    void largeLongsAreComparedExactly() {
        assertThat(Values.compareNumbers(LongNode.valueOf(9007199254740993L), DoubleNode.valueOf(9007199254740992.0)))
                .isPositive();
        assertThat(Values.compareNumbers(LongNode.valueOf(Long.MAX_VALUE), LongNode.valueOf(Long.MAX_VALUE - 1))).isPositive();
        assertThat(Values.compareNumbers(BigIntegerNode.valueOf(new BigInteger("18446744073709551617")),
                BigIntegerNode.valueOf(new BigInteger("18446744073709551616")))).isPositive();
    }

    @Test
    void nonFiniteDoublesHaveAConsistentOrder() {
        DoubleNode nan = DoubleNode.valueOf(Double.NaN);
        DoubleNode infinity = DoubleNode.valueOf(Double.POSITIVE_INFINITY);
        assertThat(Values.compareNumbers(infinity, IntNode.valueOf(1))).isPositive();
        assertThat(Values.compareNumbers(infinity, infinity)).isZero();
        assertThat(Values.compareNumbers(nan, infinity)).isPositive();
        assertThat(Values.compareNumbers(infinity, nan)).isNegative();
        assertThat(Values.compareNumbers(DecimalNode.valueOf(new BigDecimal("1e400")), infinity)).isZero();
    }

    @Test
    void equalityIsTyped() {
        assertThat(Values.equal(json("'3'"), json("3"), false)).isFalse();
        assertThat(Values.equal(json("3"), json("'3'"), false)).isFalse();
        assertThat(Values.equal(json("true"), json("'true'"), false)).isFalse();
        assertThat(Values.equal(json("'ABC'"), json("'abc'"), false)).isTrue();
        assertThat(Values.equal(json("'ABC'"), json("'abc'"), true)).isFalse();
        assertThat(Values.equal(json("{}"), json("null"), false)).isFalse();
        assertThat(Values.equal(MissingNode.getInstance(), json("null"), false)).isTrue();
        assertThat(Values.equal(json("null"), json("'null'"), false)).isFalse();
    }

    @Test
    void rangeComparisonReportsIncomparablePairs() {
        assertThat(Values.compareRange(json("'b'"), json("'A'"), false)).isPositive();
        assertThat(Values.compareRange(json("'b'"), json("'A'"), true)).isPositive();
        assertThat(Values.compareRange(json("'B'"), json("'a'"), true)).isNegative();
        assertThat(Values.compareRange(json("1"), json("'1'"), false)).isEqualTo(Values.INCOMPARABLE);
        assertThat(Values.compareRange(MissingNode.getInstance(), json("1"), false)).isEqualTo(Values.INCOMPARABLE);
        assertThat(Values.compareRange(json("true"), json("false"), false)).isEqualTo(Values.INCOMPARABLE);
    }

    @Test
    void textFormsForOrdering() {
        assertThat(Values.text(json("'x'"))).isEqualTo("x");
        assertThat(Values.text(json("12"))).isEqualTo("12");
        assertThat(Values.text(json("true"))).isEqualTo("true");
        assertThat(Values.text(json("{'a':1}"))).isEqualTo("{\"a\":1}");
    }
}
