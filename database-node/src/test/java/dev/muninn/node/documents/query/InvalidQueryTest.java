package dev.muninn.node.documents.query;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Every rejection is an InvalidQueryException whose message says what and where. */
class InvalidQueryTest {

    private static AbstractThrowableAssert<?, ? extends Throwable> rejecting(String rql) {
        return rejecting(rql, "{'p0':'x','n':-1,'d':1.5,'s':'5','arr':[1,2],'obj':{'a':1}}");
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> rejecting(String rql, String parameters) {
        JsonNode json = parameters == null ? null : RqlTestSupport.json(parameters);
        return assertThatThrownBy(() -> RqlParser.parse(rql, json)).isInstanceOf(InvalidQueryException.class);
    }

    @Nested
    class Unsupported {
        @Test
        void indexQueries() {
            rejecting("from index 'Users/ByName'").hasMessageContaining("Unsupported RQL at position 5")
                    .hasMessageContaining("from index");
            rejecting("from INDEX Users_ByName where a = 1").hasMessageContaining("from index");
        }

        @Test
        void groupByLoadUpdateFilterAndAliases() {
            rejecting("from Orders group by Company").hasMessageContaining("position 12").hasMessageContaining("'group by'");
            rejecting("from Orders as o load o.Company as c").hasMessageContaining("collection alias");
            rejecting("from Orders where a = 1 load Company as c").hasMessageContaining("'load'");
            rejecting("from Orders update { this.a = 1 }").hasMessageContaining("'update'");
            rejecting("from Orders filter a = 1").hasMessageContaining("'filter'");
            rejecting("from Orders where a = 1 with {}").hasMessageContaining("'with'");
        }

        @Test
        void leadingDeclareAndGraphQueries() {
            rejecting("declare function f(o) { return o; } from Orders").hasMessageContaining("position 0")
                    .hasMessageContaining("declare function");
            rejecting("match (Orders as o)").hasMessageContaining("graph query");
            rejecting("with { from Orders } as o match (o)").hasMessageContaining("graph query");
        }

        @Test
        void unsupportedWhereFunctions() {
            rejecting("from Users where search(name, $p0)").hasMessageContaining("position 17")
                    .hasMessageContaining("function 'search()'");
            rejecting("from Users where lucene(name, 'a*')").hasMessageContaining("'lucene()'");
            rejecting("from Users where boost(name = 'a', 2)").hasMessageContaining("'boost()'");
            rejecting("from Users where regex(name, 'a.*')").hasMessageContaining("'regex()'");
            rejecting("from Users where moreLikeThis(id() = 'a')").hasMessageContaining("'moreLikeThis()'");
            rejecting("from Users where a = 1 and spatial.within(spatial.point(lat, lng), spatial.circle(1, 2, 3))")
                    .hasMessageContaining("position 27").hasMessageContaining("spatial");
            rejecting("from Users where tags all in ($arr)").hasMessageContaining("'all in'");
        }

        @Test
        void unsupportedOrderingAndProjections() {
            rejecting("from Users order by random()").hasMessageContaining("'random()'");
            rejecting("from Users order by score() desc").hasMessageContaining("'score()'");
            rejecting("from Users order by custom(name, 'sorter')").hasMessageContaining("'custom()'");
            rejecting("from Users order by spatial.distance(x, spatial.point(1,2))").hasMessageContaining("spatial");
            rejecting("from Users select facet(Price < 10)").hasMessageContaining("'facet()'");
            rejecting("from Users select count()").hasMessageContaining("function call in select 'count()'");
            rejecting("from Users select distinct name").hasMessageContaining("'select distinct'");
            rejecting("from Users as u select { Name: u.name }").hasMessageContaining("collection alias");
            rejecting("from Users select { Name: name }").hasMessageContaining("JavaScript object projection");
            rejecting("from Users select *").hasMessageContaining("'select *'");
        }

        @Test
        void unsupportedIncludesAndSpecialCollections() {
            rejecting("from Users include counters(Friend, 'likes')")
                    .hasMessageContaining("the counters of a related document");
            rejecting("from Users include counters(5)").hasMessageContaining("counter names");
            rejecting("from Users include timeseries('hr')").hasMessageContaining("'timeseries()'");
            rejecting("from Users include explanations()").hasMessageContaining("'explanations()'");
            rejecting("from @empty").hasMessageContaining("special collection '@empty'");
        }
    }

    @Nested
    class Parameters {
        @Test
        void unknownParameterIsNamed() {
            rejecting("from Users where name = $missing").hasMessageContaining("unknown parameter $missing")
                    .hasMessageContaining("position 24");
            rejecting("from Users where name = $p0", null).hasMessageContaining("unknown parameter $p0");
            rejecting("from Users limit $p9").hasMessageContaining("$p9");
        }

        @Test
        void parametersMustBeAnObject() {
            rejecting("from Users", "[1]").hasMessageContaining("QueryParameters must be a JSON object");
        }

        @Test
        void containerParametersOnlyWorkWithIn() {
            rejecting("from Users where name = $arr").hasMessageContaining("single value")
                    .hasMessageContaining("use 'in (...)'");
            rejecting("from Users where name > $obj").hasMessageContaining("single value");
            rejecting("from Users where name in ($obj)").hasMessageContaining("not objects");
            rejecting("from Users where startsWith(name, $arr)").hasMessageContaining("need a string");
            rejecting("from Users where endsWith(name, null)").hasMessageContaining("need a string");
        }

        @Test
        void limitsMustBeNonNegativeIntegers() {
            rejecting("from Users limit $n").hasMessageContaining("must not be negative");
            rejecting("from Users limit -5").hasMessageContaining("must not be negative");
            rejecting("from Users limit 0, -1").hasMessageContaining("must not be negative");
            rejecting("from Users limit $d").hasMessageContaining("must be an integer");
            rejecting("from Users limit $s").hasMessageContaining("must be an integer");
            rejecting("from Users limit 2.5").hasMessageContaining("must be an integer");
            rejecting("from Users limit 99999999999999999999").hasMessageContaining("must be an integer");
            rejecting("from Users limit 'x'").hasMessageContaining("expected the limit");
            rejecting("from Users limit 1, 2 offset 3").hasMessageContaining("cannot be combined");
        }
    }

    @Nested
    class Syntax {
        @Test
        void emptyAndMissingFrom() {
            rejecting("").hasMessageContaining("empty");
            rejecting("   ").hasMessageContaining("empty");
            rejecting(null, null).hasMessageContaining("empty");
            rejecting("select name").hasMessageContaining("position 0").hasMessageContaining("expected 'from'");
            rejecting("from").hasMessageContaining("expected a collection name").hasMessageContaining("end of query");
            rejecting("from where a = 1").hasMessageContaining("expected a collection name");
        }

        @Test
        void clausesMustBeInOrderAndNotRepeated() {
            rejecting("from Users order by a where b = 1").hasMessageContaining("out of order");
            rejecting("from Users where a = 1 where b = 1").hasMessageContaining("position 23")
                    .hasMessageContaining("repeated");
            rejecting("from Users limit 1 select a").hasMessageContaining("out of order");
        }

        @Test
        void trailingGarbage() {
            rejecting("from Users u").hasMessageContaining("position 11")
                    .hasMessageContaining("expected 'where', 'order by', 'select', 'include', 'limit'");
            rejecting("from Users where a = 1 b = 2").hasMessageContaining("position 23");
            rejecting("from Users where a = 1)").hasMessageContaining("found ')'");
        }

        @Test
        void brokenConditions() {
            rejecting("from Users where").hasMessageContaining("expected a condition").hasMessageContaining("end of query");
            rejecting("from Users where name").hasMessageContaining("expected an operator")
                    .hasMessageContaining("after field 'name'");
            rejecting("from Users where name = ").hasMessageContaining("expected a value after '='");
            rejecting("from Users where name = other").hasMessageContaining("expected a value after '='")
                    .hasMessageContaining("found 'other'");
            rejecting("from Users where $p0 = name").hasMessageContaining("expected a condition");
            rejecting("from Users where (a = 1").hasMessageContaining("')' closing the '(' at position 17");
            rejecting("from Users where a = 1 and").hasMessageContaining("expected a condition");
            rejecting("from Users where a between 1 or 2").hasMessageContaining("'and' between the two bounds");
            rejecting("from Users where a in 1").hasMessageContaining("'(' after 'in'");
            rejecting("from Users where a in (1 2)").hasMessageContaining("',' or ')'");
            rejecting("from Users where startsWith(name)").hasMessageContaining("','");
            rejecting("from Users where exists(name, 1)").hasMessageContaining("')' closing exists(");
            rejecting("from Users where exact(a = 1").hasMessageContaining("')' closing exact(");
            rejecting("from Users where id(x) = 1").hasMessageContaining("id() takes no arguments");
            rejecting("from Users where a. = 1").hasMessageContaining("a field name after '.'");
            rejecting("from Users where a[0] = 1").hasMessageContaining("invalid field name");
            rejecting("from Users where '' = 1").hasMessageContaining("empty field name");
            rejecting("from Users where a = 1e99999999999").hasMessageContaining("out of range");
            rejecting("from Users where a ! 1").hasMessageContaining("expected an operator");
        }

        @Test
        void brokenClauses() {
            rejecting("from Users order age").hasMessageContaining("'by' after 'order'");
            rejecting("from Users order by").hasMessageContaining("a field to order by");
            rejecting("from Users order by a as date").hasMessageContaining("long, double, string or alphanumeric");
            rejecting("from Users order by a,").hasMessageContaining("a field to order by");
            rejecting("from Users select").hasMessageContaining("a field to select");
            rejecting("from Users select a as").hasMessageContaining("an alias after 'as'");
            rejecting("from Users select a, b as a").hasMessageContaining("duplicate projection name 'a'");
            rejecting("from Users include").hasMessageContaining("a path to include");
            rejecting("from Users limit").hasMessageContaining("expected the limit");
        }

        @Test
        void deepNestingIsRejectedNotOverflowed() {
            String deep = "from Users where " + "(".repeat(5000) + "a = 1" + ")".repeat(5000);
            rejecting(deep).hasMessageContaining("nested more than");
            String nots = "from Users where " + "not ".repeat(5000) + "a = 1";
            rejecting(nots).hasMessageContaining("nested more than");
            String exacts = "from Users where " + "exact(".repeat(5000) + "a = 1" + ")".repeat(5000);
            rejecting(exacts).hasMessageContaining("nested more than");
        }
    }
}
