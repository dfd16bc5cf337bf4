package dev.muninn.node.documents.query;

import static dev.muninn.node.documents.query.RqlTestSupport.json;
import static dev.muninn.node.documents.query.RqlTestSupport.query;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.NullNode;

/** Shape of the parsed query: source, paging, includes, index name, and the client's query texts. */
class RqlParserTest {

    @Test
    void collectionNameInAllQuotingStyles() {
        assertThat(query("from Users").collection()).isEqualTo("Users");
        assertThat(query("from 'Users'").collection()).isEqualTo("Users");
        assertThat(query("from \"Users\"").collection()).isEqualTo("Users");
        assertThat(query("from 'Order Lines'").collection()).isEqualTo("Order Lines");
        assertThat(query("from 'where'").collection()).isEqualTo("where");
        assertThat(query("  FROM   Users  ").collection()).isEqualTo("Users");
    }

    @Test
    void allDocsHasNoCollection() {
        assertThat(query("from @all_docs").collection()).isNull();
        assertThat(query("from @ALL_DOCS where name = 'x'").collection()).isNull();
        assertThat(query("from '@all_docs'").collection()).isNull();
    }

    @Test
    void parametersMayBeNullOrNullNode() {
        assertThat(RqlParser.parse("from Users", null).collection()).isEqualTo("Users");
        assertThat(RqlParser.parse("from Users where a = 1", NullNode.getInstance()).collection()).isEqualTo("Users");
    }

    @Test
    void noLimitMeansNoSkipAndNoTake() {
        Query query = query("from Users");
        assertThat(query.skip()).isZero();
        assertThat(query.take()).isEmpty();
    }

    @Test
    void limitWithCommaIsSkipThenTake() {
        Query query = query("from 'Users' where name = $p0 order by age limit $p1, $p2", "{'p0':'Oren','p1':1,'p2':5}");
        assertThat(query.skip()).isEqualTo(1);
        assertThat(query.take()).isEqualTo(OptionalLong.of(5));
        assertThat(query.hasOrder()).isTrue();
    }

    @Test
    void nullLimitParametersMeanNoOffsetAndNoLimit() {
        // the Node.js client's take() without skip(): "limit $p1, $p2" with p1 null (JSON.stringify of undefined)
        Query takeOnly = query("from 'Users' where name = $p0 limit $p1, $p2", "{'p0':'Oren','p1':null,'p2':2}");
        assertThat(takeOnly.skip()).isZero();
        assertThat(takeOnly.take()).isEqualTo(OptionalLong.of(2));
        Query skipOnly = query("from 'Users' limit $p0, $p1", "{'p0':3,'p1':null}");
        assertThat(skipOnly.skip()).isEqualTo(3);
        assertThat(skipOnly.take()).isEmpty();
        assertThat(query("from Users limit $p0 offset $p1", "{'p0':null,'p1':null}").take()).isEmpty();
    }

    @Test
    void countQueryTakesZero() {
        Query query = query("from 'Users' limit $p0, $p1", "{'p0':0,'p1':0}");
        assertThat(query.skip()).isZero();
        assertThat(query.take()).isEqualTo(OptionalLong.of(0));
    }

    @Test
    void limitAloneAndWithOffset() {
        assertThat(query("from Users limit 10").take()).isEqualTo(OptionalLong.of(10));
        assertThat(query("from Users limit 10").skip()).isZero();
        Query withOffset = query("from Users limit 10 offset 20");
        assertThat(withOffset.take()).isEqualTo(OptionalLong.of(10));
        assertThat(withOffset.skip()).isEqualTo(20);
        Query offsetOnly = query("from Users OFFSET $p0", "{'p0':3}");
        assertThat(offsetOnly.skip()).isEqualTo(3);
        assertThat(offsetOnly.take()).isEmpty();
        assertThat(query("from Users limit 2147483647, 9223372036854775807").take())
                .isEqualTo(OptionalLong.of(Long.MAX_VALUE));
    }

    @Test
    void includesKeepPathsAsWritten() {
        assertThat(query("from Orders").includes()).isEmpty();
        assertThat(query("from Orders include supplier").includes()).containsExactly("supplier");
        assertThat(query("from Orders where a = 1 include supplier, b.c, Lines[].Product, 'Odd Name'").includes())
                .containsExactly("supplier", "b.c", "Lines[].Product", "Odd Name");
    }

    @Test
    void indexNameNamesTheQueriedFields() {
        assertThat(query("from Users").indexName()).isEqualTo("collection/Users");
        assertThat(query("from @all_docs").indexName()).isEqualTo("collection/AllDocs");
        assertThat(query("from Users where id() = 'users/1'").indexName()).isEqualTo("collection/Users");
        assertThat(query("from Users where name = 'x'").indexName()).isEqualTo("Auto/Users/Byname");
        assertThat(query("from Users where name = 'x' and (age > 1 or name = 'y') order by address.city, age")
                .indexName()).isEqualTo("Auto/Users/BynameAndageAndaddress.city");
        assertThat(query("from @all_docs where exists(x)").indexName()).isEqualTo("Auto/AllDocs/Byx");
    }

    @Test
    void parsingIsDeterministicAndQueriesAreReusable() {
        Query query = query("from Users where name = 'a'");
        assertThat(query.indexName()).isEqualTo(query("from Users where name = 'a'").indexName());
        assertThat(query.matches("u/1", RqlTestSupport.doc("{'name':'A'}"))).isTrue();
        assertThat(query.matches("u/2", RqlTestSupport.doc("{'name':'B'}"))).isFalse();
        assertThat(query.matches("u/1", RqlTestSupport.doc("{'name':'A'}"))).isTrue();
    }

    @Test
    void acceptsEveryQueryShapeTheJavaClientSends() {
        String[] queries = {
            "from 'Users' where name = $p0",
            "from 'Users' where name = $p0 order by age limit $p1, $p2",
            "from 'Users' limit $p1, $p2",
            "from 'Users' where age > $p0 and age <= $p1",
            "from 'Users' where age between $p0 and $p1",
            "from 'Users' where startsWith(name, $p0)",
            "from 'Users' where endsWith(name,$p0)",
            "from 'Users' where name in ($p0)",
            "from 'Users' where name != $p0",
            "from 'Users' where exists(email)",
            "from 'Users' where true and not name = $p0",
            "from 'Users' where (a = $p0 or b = $p1) and c = $p2",
            "from 'Users' where exact(name = $p0)",
            "from 'Users' where id() = $p0",
            "from 'Users' where address.city = $p0",
            "from 'Users' order by age desc",
            "from 'Users' order by age as long",
            "from 'Users' order by name as alphanumeric",
            "from 'Users' order by price as double desc, name",
            "from 'Users' order by id()",
            "from 'Users' select name, address.city as city",
            "from 'Users' include supplier",
            "from Users where name = 'U' and age = 3 and active = true and deleted = null",
            "from @all_docs",
            "from 'Users' where name = $p0 order by age desc select name, age include supplier limit $p1, $p2",
        };
        String parameters = "{'p0':'x','p1':1,'p2':2}";
        for (String rql : queries) {
            Query query = RqlParser.parse(rql, json(parameters));
            assertThat(query).as(rql).isNotNull();
            assertThat(query.indexName()).as(rql).isNotBlank();
        }
    }
}
