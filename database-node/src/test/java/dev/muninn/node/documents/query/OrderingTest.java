package dev.muninn.node.documents.query;

import static dev.muninn.node.documents.query.RqlTestSupport.doc;
import static dev.muninn.node.documents.query.RqlTestSupport.json;
import static dev.muninn.node.documents.query.RqlTestSupport.query;
import static dev.muninn.node.documents.query.RqlTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.MissingNode;

class OrderingTest {

    private static final String[] ITEMS = {
        "i/1", "{'name':'banana','price':10,'qty':'3'}",
        "i/2", "{'name':'Apple','price':2.5,'qty':20}",
        "i/3", "{'name':'cherry','price':100}",
        "i/4", "{'name':'apple','price':null,'qty':4}",
        "i/5", "{'price':2.7,'qty':-1}",
    };

    @Test
    void noOrderByMeansNoComparator() {
        Query query = query("from Items");
        assertThat(query.hasOrder()).isFalse();
        assertThat(query.order()).isNull();
    }

    @Test
    void defaultOrderIsNumericForNumbersWithMissingFirst() {
        assertThat(run(query("from Items order by price"), ITEMS)).containsExactly("i/4", "i/2", "i/5", "i/1", "i/3");
        assertThat(run(query("from Items order by price desc"), ITEMS)).containsExactly("i/3", "i/1", "i/5", "i/2", "i/4");
    }

    @Test
    void defaultOrderIsCaseInsensitiveForStringsAndStableForTies() {
        // Apple and apple tie; the sort keeps scan order for them. Missing name (i/5) sorts first.
        assertThat(run(query("from Items order by name"), ITEMS)).containsExactly("i/5", "i/2", "i/4", "i/1", "i/3");
        assertThat(run(query("from Items order by name DESC"), ITEMS)).containsExactly("i/3", "i/1", "i/2", "i/4", "i/5");
    }

    @Test
    void defaultOrderPutsNumbersBeforeStringsWhenTypesAreMixed() {
        assertThat(run(query("from Items order by qty"), ITEMS)).containsExactly("i/3", "i/5", "i/4", "i/2", "i/1");
    }

    @Test
    void asLongComparesTruncatedNumbersAndPutsNonNumbersFirst() {
        // 2.5 and 2.7 both truncate to 2 and tie, so scan order decides between them.
        assertThat(run(query("from Items order by price as long"), ITEMS)).containsExactly("i/4", "i/2", "i/5", "i/1", "i/3");
        assertThat(run(query("from Items order by qty as long"), ITEMS)).containsExactly("i/1", "i/3", "i/5", "i/4", "i/2");
        assertThat(run(query("from Items order by price as long desc, name"), ITEMS))
                .containsExactly("i/3", "i/1", "i/5", "i/2", "i/4");
    }

    @Test
    void asDoubleComparesExactNumericValues() {
        assertThat(run(query("from Items order by price as double desc"), ITEMS)).containsExactly("i/3", "i/1", "i/5", "i/2", "i/4");
        assertThat(run(query("from Items order by price as double desc, name"), ITEMS)).containsExactly("i/3", "i/1", "i/5", "i/2", "i/4");
    }

    @Test
    void asStringComparesTextFormsLexicographically() {
        // "10" < "100" < "2.5" < "2.7" as strings; null/missing first.
        assertThat(run(query("from Items order by price as string"), ITEMS)).containsExactly("i/4", "i/1", "i/3", "i/2", "i/5");
    }

    @Test
    void asAlphanumericUsesNaturalOrder() {
        String[] files = {
            "f/1", "{'n':'file10'}", "f/2", "{'n':'File2'}", "f/3", "{'n':'file1'}", "f/4", "{'n':'file02b'}", "f/5", "{}",
        };
        assertThat(run(query("from F order by n as alphanumeric"), files)).containsExactly("f/5", "f/3", "f/2", "f/4", "f/1");
        assertThat(run(query("from F order by n"), files)).containsExactly("f/5", "f/4", "f/3", "f/1", "f/2");
    }

    @Test
    void laterClausesBreakTies() {
        String[] people = {
            "p/1", "{'last':'Smith','first':'Zed'}", "p/2", "{'last':'adams','first':'Bob'}",
            "p/3", "{'last':'smith','first':'Amy'}", "p/4", "{'last':'Adams','first':'Cid'}",
        };
        assertThat(run(query("from P order by last, first desc"), people)).containsExactly("p/4", "p/2", "p/1", "p/3");
        assertThat(run(query("from P order by last desc, first asc"), people)).containsExactly("p/3", "p/1", "p/2", "p/4");
    }

    @Test
    void orderByIdAndNestedPathsAndArrays() {
        String[] docs = {
            "u/3", "{'a':{'b':1},'tags':['z','a']}", "U/1", "{'a':{'b':3},'tags':['m']}", "u/2", "{'a':{'b':2},'tags':[]}",
        };
        assertThat(run(query("from U order by id()"), docs)).containsExactly("U/1", "u/2", "u/3");
        assertThat(run(query("from U order by id() desc"), docs)).containsExactly("u/3", "u/2", "U/1");
        assertThat(run(query("from U order by a.b desc"), docs)).containsExactly("U/1", "u/2", "u/3");
        // Arrays sort by their first element; empty arrays count as missing.
        assertThat(run(query("from U order by tags"), docs)).containsExactly("u/2", "U/1", "u/3");
    }

    @Test
    void orderingCombinesWithFilterAndPaging() {
        assertThat(run(query("from Items where price > $p0 order by price limit $p1, $p2", "{'p0':2,'p1':1,'p2':2}"), ITEMS))
                .containsExactly("i/5", "i/1");
    }

    @Test
    void comparatorIsATotalOrderOnMixedValues() {
        // TimSort throws on inconsistent comparators; random mixed-type data must always sort.
        String[] values = {"1", "-2", "2.5", "'a'", "'B'", "'10'", "true", "null", "{'x':1}", "[3]", "[]", "'a2'", "'a10'"};
        Random random = new Random(42);
        for (String type : List.of("", " as long", " as double", " as string", " as alphanumeric")) {
            Query query = query("from X order by v" + type);
            for (int round = 0; round < 50; round++) {
                List<Candidate> candidates = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    String value = values[random.nextInt(values.length)];
                    candidates.add(new Candidate("x/" + i, random.nextInt(10) == 0 ? doc("{}") : doc("{'v':" + value + "}")));
                }
                Collections.shuffle(candidates, random);
                candidates.sort(query.order());
                for (int i = 1; i < candidates.size(); i++) {
                    assertThat(query.order().compare(candidates.get(i - 1), candidates.get(i))).isLessThanOrEqualTo(0);
                }
            }
        }
    }

    @Test
    void compareKeysHandlesMissingOnBothSides() {
        for (OrderClause.Type type : OrderClause.Type.values()) {
            assertThat(Ordering.compareKeys(MissingNode.getInstance(), json("null"), type)).isZero();
            assertThat(Ordering.compareKeys(MissingNode.getInstance(), json("1"), type)).isNegative();
            assertThat(Ordering.compareKeys(json("1"), MissingNode.getInstance(), type)).isPositive();
        }
    }
}
