package dev.muninn.node.documents.query;

import static dev.muninn.node.documents.query.RqlTestSupport.doc;
import static dev.muninn.node.documents.query.RqlTestSupport.json;
import static dev.muninn.node.documents.query.RqlTestSupport.query;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

class ProjectionTest {

    private static final ObjectNode USER = doc("{'name':'Oren','address':{'city':'Hadera','geo':{'lat':1}},"
            + "'phones':[{'n':'1'},{'n':'2'},{}],'@metadata':{'@collection':'Users'}}");

    @Test
    void noSelectMeansNoProjection() {
        Query query = query("from Users");
        assertThat(query.hasProjection()).isFalse();
        assertThat(query.project("users/1", USER)).isSameAs(USER);
    }

    @Test
    void selectsFieldsWithAliasesAndNestedPaths() {
        Query query = query("from Users select name, address.city as city");
        assertThat(query.hasProjection()).isTrue();
        assertThat(query.project("users/1", USER)).isEqualTo(json("{'name':'Oren','city':'Hadera'}"));
    }

    @Test
    void unaliasedNestedPathKeepsItsDottedName() {
        assertThat(query("from Users select address.city").project("users/1", USER))
                .isEqualTo(json("{'address.city':'Hadera'}"));
    }

    @Test
    void missingFieldsBecomeNull() {
        assertThat(query("from Users select name, age, address.zip.code as zip").project("users/1", USER))
                .isEqualTo(json("{'name':'Oren','age':null,'zip':null}"));
    }

    @Test
    void objectsAreCopiedAndArraysAreMapped() {
        ObjectNode projected = query("from Users select address.geo as geo, phones.n as numbers").project("users/1", USER);
        assertThat(projected).isEqualTo(json("{'geo':{'lat':1},'numbers':['1','2',null]}"));
        ((ObjectNode) projected.get("geo")).put("lat", 99);
        assertThat(USER.at("/address/geo/lat").asInt()).isEqualTo(1);
    }

    @Test
    void selectsIdAndMetadataAndQuotedAliases() {
        assertThat(query("from Users select id(), id() as 'doc id', @metadata.@collection as \"c\"").project("users/1", USER))
                .isEqualTo(json("{'Id':'users/1','doc id':'users/1','c':'Users'}"));
    }

    @Test
    void projectionPreservesSelectOrder() {
        ObjectNode projected = query("from Users select address.city as b, name as a").project("users/1", USER);
        assertThat(projected.fieldNames()).toIterable().containsExactly("b", "a");
    }

    @Test
    void projectsNullDocumentsAsAllNulls() {
        assertThat(query("from Users select name").project("users/1", null)).isEqualTo(json("{'name':null}"));
    }
}
