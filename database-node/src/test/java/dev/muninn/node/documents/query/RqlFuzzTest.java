package dev.muninn.node.documents.query;

import static dev.muninn.node.documents.query.RqlTestSupport.doc;
import static dev.muninn.node.documents.query.RqlTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Robustness: mutated and random query texts may parse or be rejected, but only ever with
 * {@link InvalidQueryException}; whatever parses must evaluate without throwing.
 */
class RqlFuzzTest {
    private static final String[] SEEDS = {
        "from 'Users' where name = $p0",
        "from 'Users' where name = $p0 order by age limit $p1, $p2",
        "from 'Users' limit $p1, $p2",
        "from 'Users' where age > $p3 and age <= $p4",
        "from Users where age between $p3 and $p4",
        "from Users where startsWith(name, $p0) or endsWith(name,$p0)",
        "from Users where name in ($arr, 'x', 3)",
        "from Users where true and not name = $p0",
        "from Users where (a = $p0 or b = $p1) and c = $p2",
        "from Users where exact(name = $p0) and exists(email)",
        "from Users where id() = $p0 and address.city != \"x\\'y\"",
        "from Users order by price as double desc, name as alphanumeric, id()",
        "from Users select name, address.city as city include supplier, b.c limit 5 offset 2",
        "from @all_docs where @metadata.@collection = 'Users' and Lines[].Product = null",
        "from index 'X' group by a select count() declare function f() {}",
    };
    private static final String[] FRAGMENTS = {
        " ", "(", ")", ",", ".", "'", "\"", "\\", "$", "$p0", "$arr", "$nope", "=", "!=", "<>", "<", ">=", "-", "-1",
        "1.5e3", "99999999999999999999999", "1e999999999999", "where", "order", "by", "as", "long", "desc", "select",
        "include", "limit", "offset", "and", "or", "not", "true", "null", "in", "between", "exact(", "id()", "exists(",
        "startsWith(", "search(", "{", "}", "*", "@all_docs", "//", "/*", "*/", "\\u00", "[]", "[", "\n", "\u00e9", "\ud83d",
    };

    private static final JsonNode PARAMETERS = json(
            "{'p0':'Oren','p1':1,'p2':5,'p3':10,'p4':20.5,'arr':['a',1,null,[true]],'obj':{'a':1}}");
    private static final List<ObjectNode> DOCUMENTS = List.of(
            doc("{'name':'Oren','age':30,'address':{'city':'x'},'Lines':[{'Product':'p'}],'@metadata':{'@collection':'Users'}}"),
            doc("{'name':['a',1,{'b':2}],'age':'x','price':1.5,'email':null}"),
            doc("{}"));

    @Test
    void mutatedAndRandomQueriesOnlyEverThrowInvalidQueryException() {
        Random random = new Random(20240501L);
        int parsed = 0;
        int rejected = 0;
        long started = System.nanoTime();
        for (int i = 0; i < 20_000; i++) {
            String rql = i % 5 == 4 ? randomText(random) : mutate(SEEDS[random.nextInt(SEEDS.length)], random);
            Query query;
            try {
                query = RqlParser.parse(rql, PARAMETERS);
            } catch (InvalidQueryException expected) {
                assertThat(expected.getMessage()).as(rql).isNotBlank();
                rejected++;
                continue;
            } catch (Throwable unexpected) {
                throw new AssertionError("Unexpected " + unexpected + " for query: " + rql, unexpected);
            }
            parsed++;
            exercise(query, rql);
        }
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(parsed).as("some mutations must still parse").isGreaterThan(500);
        assertThat(rejected).as("most mutations must be rejected").isGreaterThan(5_000);
        assertThat(elapsedMillis).as("fuzzing must stay fast").isLessThan(15_000);
    }

    private static void exercise(Query query, String rql) {
        try {
            List<Candidate> candidates = new ArrayList<>();
            for (int d = 0; d < DOCUMENTS.size(); d++) {
                if (query.matches("users/" + d, DOCUMENTS.get(d))) {
                    candidates.add(new Candidate("users/" + d, DOCUMENTS.get(d)));
                }
            }
            if (query.hasOrder()) {
                candidates.sort(query.order());
            }
            for (Candidate candidate : candidates) {
                query.project(candidate.documentId(), candidate.document());
            }
            query.includes();
            query.indexName();
        } catch (Throwable unexpected) {
            fail("Evaluation threw " + unexpected + " for query: " + rql, unexpected);
        }
    }

    private static String mutate(String seed, Random random) {
        StringBuilder text = new StringBuilder(seed);
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            int at = random.nextInt(text.length() + 1);
            switch (random.nextInt(6)) {
                case 0 -> text.delete(at, Math.min(text.length(), at + 1 + random.nextInt(6)));
                case 1 -> text.insert(at, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                case 2 -> text.insert(at, (char) (32 + random.nextInt(95)));
                case 3 -> text.setLength(at);
                case 4 -> {
                    int from = random.nextInt(text.length() + 1);
                    int to = Math.min(text.length(), from + random.nextInt(12));
                    text.insert(at, text.substring(from, to));
                }
                default -> {
                    if (at < text.length()) {
                        text.setCharAt(at, Character.toUpperCase(text.charAt(at)));
                    }
                }
            }
        }
        return text.toString();
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder(random.nextBoolean() ? "from Users " : "");
        int parts = random.nextInt(15);
        for (int p = 0; p < parts; p++) {
            text.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
            if (random.nextBoolean()) {
                text.append(' ');
            }
        }
        return text.toString();
    }

    @Test
    void parsingLongQueriesIsLinear() {
        StringBuilder rql = new StringBuilder("from Users where a = 0");
        for (int i = 1; i < 50_000; i++) {
            rql.append(" or a = ").append(i).append(" and b = ").append(i);
        }
        long started = System.nanoTime();
        Query query = RqlParser.parse(rql.toString(), null);
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(query.matches("x/1", doc("{'a':0}"))).isTrue();
        assertThat(query.matches("x/1", doc("{'a':-7}"))).isFalse();
        assertThat(query.matches("x/1", doc("{'a':49999,'b':49999}"))).isTrue();
        assertThat(query.matches("x/1", doc("{'a':49999,'b':5}"))).isFalse();
        assertThat(elapsedMillis).isLessThan(3_000);

        String unterminated = "from Users where a = '" + "x".repeat(500_000);
        long rejectStart = System.nanoTime();
        try {
            RqlParser.parse(unterminated, null);
            fail("must reject unterminated string");
        } catch (InvalidQueryException expected) {
            assertThat(expected.getMessage()).contains("position 21");
        }
        assertThat((System.nanoTime() - rejectStart) / 1_000_000).isLessThan(3_000);
    }
}
