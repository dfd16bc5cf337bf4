package dev.muninn.node.documents.query;

import static dev.muninn.node.documents.query.RqlTestSupport.doc;
import static dev.muninn.node.documents.query.RqlTestSupport.matching;
import static dev.muninn.node.documents.query.RqlTestSupport.query;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class WhereSemanticsTest {

    private static final String[] PEOPLE = {
        "users/1", "{'name':'Oren','age':30,'active':true,'email':'oren@x.io','address':{'city':'Hadera'},'tags':['a','B']}",
        "users/2", "{'name':'oren','age':25.0,'active':false,'address':{'city':'Tel Aviv'},'tags':[]}",
        "users/3", "{'name':'Ayende','age':'30','deleted':null,'address':{'city':'hadera'},'tags':['b','c']}",
        "users/4", "{'name':'Bob','age':41,'email':null,'tags':'a'}",
        "users/5", "{'age':7}",
    };

    @Nested
    class Equality {
        @Test
        void stringEqualityIgnoresCaseByDefault() {
            assertThat(matching(query("from Users where name = $p0", "{'p0':'OREN'}"), PEOPLE))
                    .containsExactly("users/1", "users/2");
        }

        @Test
        void exactMakesStringEqualityCaseSensitive() {
            assertThat(matching(query("from Users where exact(name = $p0)", "{'p0':'oren'}"), PEOPLE))
                    .containsExactly("users/2");
            assertThat(matching(query("from Users where exact(name = 'Oren' or name = 'bob')"), PEOPLE))
                    .containsExactly("users/1");
        }

        @Test
        void exactOnlyAppliesInsideItsParentheses() {
            assertThat(matching(query("from Users where exact(name = 'Oren') or name = 'BOB'"), PEOPLE))
                    .containsExactly("users/1", "users/4");
        }

        @Test
        void numbersCompareNumericallyAcrossRepresentations() {
            assertThat(matching(query("from Users where age = 25"), PEOPLE)).containsExactly("users/2");
            assertThat(matching(query("from Users where age = $p0", "{'p0':30.0}"), PEOPLE)).containsExactly("users/1");
            assertThat(matching(query("from Users where age = 3.0e1"), PEOPLE)).containsExactly("users/1");
        }

        @Test
        void numbersAndStringsNeverEqualEachOther() {
            assertThat(matching(query("from Users where age = '30'"), PEOPLE)).containsExactly("users/3");
            assertThat(matching(query("from Users where name = 5"), PEOPLE)).isEmpty();
        }

        @Test
        void booleanLiteralsCompareWithBooleans() {
            assertThat(matching(query("from Users where active = true"), PEOPLE)).containsExactly("users/1");
            assertThat(matching(query("from Users where active = FALSE"), PEOPLE)).containsExactly("users/2");
            assertThat(matching(query("from Users where active = $p0", "{'p0':true}"), PEOPLE)).containsExactly("users/1");
        }

        @Test
        void nullMatchesMissingAndExplicitNull() {
            assertThat(matching(query("from Users where email = null"), PEOPLE))
                    .containsExactly("users/2", "users/3", "users/4", "users/5");
            assertThat(matching(query("from Users where deleted = $p0", "{'p0':null}"), PEOPLE))
                    .containsExactly("users/1", "users/2", "users/3", "users/4", "users/5");
        }

        @Test
        void notEqualsIsTheNegationOfEquals() {
            assertThat(matching(query("from Users where name != $p0", "{'p0':'oren'}"), PEOPLE))
                    .containsExactly("users/3", "users/4", "users/5");
            assertThat(matching(query("from Users where email <> null"), PEOPLE)).containsExactly("users/1");
        }

        @Test
        void arraysMatchWhenAnyElementMatches() {
            assertThat(matching(query("from Users where tags = 'b'"), PEOPLE)).containsExactly("users/1", "users/3");
            assertThat(matching(query("from Users where tags = 'a'"), PEOPLE)).containsExactly("users/1", "users/4");
            assertThat(matching(query("from Users where tags != 'a'"), PEOPLE))
                    .containsExactly("users/2", "users/3", "users/5");
        }

        @Test
        void nestedPathsWalkObjects() {
            assertThat(matching(query("from Users where address.city = $p0", "{'p0':'HADERA'}"), PEOPLE))
                    .containsExactly("users/1", "users/3");
            assertThat(matching(query("from Users where address.zip = null and address.city = 'Tel Aviv'"), PEOPLE))
                    .containsExactly("users/2");
        }

        @Test
        void pathsFanOutOverArraysOfObjects() {
            String[] orders = {
                "orders/1", "{'Lines':[{'Product':'products/1'},{'Product':'products/2'}]}",
                "orders/2", "{'Lines':[{'Product':'products/3'}]}",
            };
            assertThat(matching(query("from Orders where Lines.Product = 'products/2'"), orders)).containsExactly("orders/1");
            assertThat(matching(query("from Orders where Lines[].Product = 'PRODUCTS/3'"), orders)).containsExactly("orders/2");
        }

        @Test
        void quotedFieldNamesAreAllowed() {
            String[] docs = {"a/1", "{'first name':'x','limit':1}"};
            assertThat(matching(query("from A where 'first name' = 'X' and 'limit' = 1"), docs)).containsExactly("a/1");
        }

        @Test
        void metadataFieldsAreReachable() {
            String[] docs = {
                "users/1", "{'@metadata':{'@collection':'Users','@last-modified':'2024-01-01'}}",
                "dogs/1", "{'@metadata':{'@collection':'Dogs'}}",
            };
            assertThat(matching(query("from @all_docs where @metadata.@collection = 'users'"), docs)).containsExactly("users/1");
            assertThat(matching(query("from @all_docs where @metadata.'@collection' = 'Dogs'"), docs)).containsExactly("dogs/1");
            assertThat(matching(query("from @all_docs where exists(@metadata.@last-modified)"), docs)).containsExactly("users/1");
        }
    }

    @Nested
    class DocumentId {
        @Test
        void idEqualityIsCaseInsensitiveEvenInsideExact() {
            assertThat(matching(query("from Users where id() = $p0", "{'p0':'USERS/3'}"), PEOPLE)).containsExactly("users/3");
            assertThat(matching(query("from Users where exact(id() = 'Users/4')"), PEOPLE)).containsExactly("users/4");
        }

        @Test
        void idSupportsInStartsWithAndRanges() {
            assertThat(matching(query("from Users where id() in ($p0)", "{'p0':['users/1','USERS/5']}"), PEOPLE))
                    .containsExactly("users/1", "users/5");
            assertThat(matching(query("from Users where startsWith(id(), 'Users/')"), PEOPLE)).hasSize(5);
            assertThat(matching(query("from Users where id() > 'users/3'"), PEOPLE)).containsExactly("users/4", "users/5");
        }

        @Test
        void nullDocumentIdNeverEqualsAString() {
            Query query = query("from Users where id() = 'users/1'");
            assertThat(query.matches(null, doc("{}"))).isFalse();
            assertThat(query("from Users where exists(id())").matches(null, doc("{}"))).isFalse();
        }
    }

    @Nested
    class Ranges {
        @Test
        void numericRanges() {
            assertThat(matching(query("from Users where age > $p0 and age <= $p1", "{'p0':25,'p1':41}"), PEOPLE))
                    .containsExactly("users/1", "users/4");
            assertThat(matching(query("from Users where age >= 25 and age < 30.5"), PEOPLE))
                    .containsExactly("users/1", "users/2");
        }

        @Test
        void betweenIsInclusive() {
            assertThat(matching(query("from Users where age between $p0 and $p1", "{'p0':25,'p1':30}"), PEOPLE))
                    .containsExactly("users/1", "users/2");
        }

        @Test
        void stringRangesAreLexicographicAndCaseInsensitive() {
            assertThat(matching(query("from Users where name >= 'b' and name < 'P'"), PEOPLE))
                    .containsExactly("users/1", "users/2", "users/4");
            assertThat(matching(query("from Users where name between 'a' and 'AZ'"), PEOPLE)).containsExactly("users/3");
        }

        @Test
        void exactStringRangesAreCaseSensitive() {
            // Ordinal: 'O' (0x4F) < 'o' (0x6F), so only the capitalized Oren is below 'a'.
            assertThat(matching(query("from Users where exact(name < 'a')"), PEOPLE))
                    .containsExactly("users/1", "users/3", "users/4");
        }

        @Test
        void typeMismatchesAndMissingValuesNeverMatchRanges() {
            assertThat(matching(query("from Users where age > '0'"), PEOPLE)).containsExactly("users/3");
            assertThat(matching(query("from Users where name > 0"), PEOPLE)).isEmpty();
            assertThat(matching(query("from Users where email > ''"), PEOPLE)).containsExactly("users/1");
            assertThat(matching(query("from Users where age > null"), PEOPLE)).isEmpty();
            assertThat(matching(query("from Users where active >= false"), PEOPLE)).isEmpty();
            assertThat(matching(query("from Users where age between 0 and 'z'"), PEOPLE)).isEmpty();
        }

        @Test
        void rangesOverArraysMatchAnyElement() {
            String[] docs = {"s/1", "{'scores':[1,50]}", "s/2", "{'scores':[2,3]}"};
            assertThat(matching(query("from S where scores > 10"), docs)).containsExactly("s/1");
            assertThat(matching(query("from S where scores between 2 and 2"), docs)).containsExactly("s/2");
        }

        @Test
        void negativeAndHugeNumbers() {
            String[] docs = {
                "n/1", "{'v':-5}", "n/2", "{'v':12345678901234567890}", "n/3", "{'v':0.1}", "n/4", "{'v':9007199254740993}",
            };
            assertThat(matching(query("from N where v < -1"), docs)).containsExactly("n/1");
            assertThat(matching(query("from N where v > 9223372036854775807"), docs)).containsExactly("n/2");
            assertThat(matching(query("from N where v = 12345678901234567890"), docs)).containsExactly("n/2");
            assertThat(matching(query("from N where v = $p0", "{'p0':0.1}"), docs)).containsExactly("n/3");
            assertThat(matching(query("from N where v = 9007199254740992"), docs)).isEmpty();
            assertThat(matching(query("from N where v = 9007199254740993"), docs)).containsExactly("n/4");
        }
    }

    @Nested
    class Functions {
        @Test
        void startsWithAndEndsWithIgnoreCase() {
            assertThat(matching(query("from Users where startsWith(name, $p0)", "{'p0':'OR'}"), PEOPLE))
                    .containsExactly("users/1", "users/2");
            assertThat(matching(query("from Users where endsWith(name,$p0)", "{'p0':'NDE'}"), PEOPLE))
                    .containsExactly("users/3");
            assertThat(matching(query("from Users where STARTSWITH(address.city, 'tel')"), PEOPLE)).containsExactly("users/2");
        }

        @Test
        void startsWithInsideExactIsCaseSensitive() {
            assertThat(matching(query("from Users where exact(startsWith(name, 'O'))"), PEOPLE)).containsExactly("users/1");
            assertThat(matching(query("from Users where exact(endsWith(name, 'B'))"), PEOPLE)).isEmpty();
        }

        @Test
        void affixFunctionsOnlyMatchStrings() {
            assertThat(matching(query("from Users where startsWith(age, '3')"), PEOPLE)).containsExactly("users/3");
            assertThat(matching(query("from Users where endsWith(name, 'longer than any name at all')"), PEOPLE)).isEmpty();
            assertThat(matching(query("from Users where startsWith(name, '')"), PEOPLE)).hasSize(4);
        }

        @Test
        void existsMatchesPresentFieldsIncludingNullAndEmptyArrays() {
            assertThat(matching(query("from Users where exists(email)"), PEOPLE)).containsExactly("users/1", "users/4");
            assertThat(matching(query("from Users where exists(tags)"), PEOPLE)).hasSize(4);
            assertThat(matching(query("from Users where exists(address.city)"), PEOPLE))
                    .containsExactly("users/1", "users/2", "users/3");
            assertThat(matching(query("from Users where not exists(email)"), PEOPLE))
                    .containsExactly("users/2", "users/3", "users/5");
        }

        @Test
        void inMatchesAnyValueAndFlattensArrayParameters() {
            assertThat(matching(query("from Users where name in ($p0)", "{'p0':['bob','AYENDE']}"), PEOPLE))
                    .containsExactly("users/3", "users/4");
            assertThat(matching(query("from Users where age in ($p0, 41, '30')", "{'p0':[7,[25]]}"), PEOPLE))
                    .containsExactly("users/2", "users/3", "users/4", "users/5");
            assertThat(matching(query("from Users where tags in ('c', 'x')"), PEOPLE)).containsExactly("users/3");
            assertThat(matching(query("from Users where email in (null)"), PEOPLE)).hasSize(4);
        }

        @Test
        void emptyInListMatchesNothing() {
            assertThat(matching(query("from Users where name in ()"), PEOPLE)).isEmpty();
            assertThat(matching(query("from Users where name in ($p0)", "{'p0':[]}"), PEOPLE)).isEmpty();
        }

        @Test
        void exactInIsCaseSensitive() {
            assertThat(matching(query("from Users where exact(name in ('oren', 'BOB'))"), PEOPLE)).containsExactly("users/2");
        }
    }

    @Nested
    class Logic {
        @Test
        void andBindsTighterThanOr() {
            assertThat(matching(query("from Users where name = 'bob' or name = 'oren' and age = 30"), PEOPLE))
                    .containsExactly("users/1", "users/4");
        }

        @Test
        void parenthesesOverridePrecedence() {
            assertThat(matching(query("from Users where (name = $p0 or name = $p1) and age = $p2",
                    "{'p0':'bob','p1':'oren','p2':30}"), PEOPLE)).containsExactly("users/1");
        }

        @Test
        void trueAndNotAsTheClientWritesIt() {
            assertThat(matching(query("from Users where true and not name = $p0", "{'p0':'oren'}"), PEOPLE))
                    .containsExactly("users/3", "users/4", "users/5");
            assertThat(matching(query("from Users where true"), PEOPLE)).hasSize(5);
            assertThat(matching(query("from Users where true or name = 'x'"), PEOPLE)).hasSize(5);
        }

        @Test
        void notNestsAndCancels() {
            assertThat(matching(query("from Users where not not name = 'bob'"), PEOPLE)).containsExactly("users/4");
            assertThat(matching(query("from Users where not (name = 'bob' or age < 26)"), PEOPLE))
                    .containsExactly("users/1", "users/3");
        }

        @Test
        void keywordsAreCaseInsensitive() {
            assertThat(matching(query("FROM Users WHERE name = 'bob' OR age BETWEEN 29 AND 30 AND NOT active = TRUE"), PEOPLE))
                    .containsExactly("users/4");
        }

        @Test
        void rawLiteralsWorkWithoutParameters() {
            String[] docs = {"u/1", "{'name':'U','age':3,'active':true}", "u/2", "{'name':'U','age':3,'active':true,'deleted':false}"};
            assertThat(matching(query("from Users where name = 'U' and age = 3 and active = true and deleted = null"), docs))
                    .containsExactly("u/1");
        }

        @Test
        void noWhereMatchesEverythingAndNullDocumentsAreSafe() {
            assertThat(query("from Users").matches("x", null)).isTrue();
            assertThat(query("from Users where name = null").matches("x", null)).isTrue();
            assertThat(query("from Users where name = 'a'").matches("x", null)).isFalse();
        }
    }
}
