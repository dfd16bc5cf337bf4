package dev.muninn.node.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChangeVectorTest {
    @Test
    void parsesAndRendersRavenDbFormat() {
        ChangeVector cv = ChangeVector.parse("A:17-k3eA5rD9TEaQ1cXu2kJ0Xw, B:4-zzz-with-dash");
        assertThat(cv.entries()).hasSize(2);
        assertThat(cv.etagOf("k3eA5rD9TEaQ1cXu2kJ0Xw")).isEqualTo(17);
        assertThat(cv.etagOf("zzz-with-dash")).isEqualTo(4);
        assertThat(ChangeVector.parse(cv.toString())).isEqualTo(cv);
    }

    @Test
    void emptyAndBlankAreTheEmptyVector() {
        assertThat(ChangeVector.parse(null)).isEqualTo(ChangeVector.EMPTY);
        assertThat(ChangeVector.parse(" ")).isEqualTo(ChangeVector.EMPTY);
        assertThat(ChangeVector.EMPTY.toString()).isEmpty();
    }

    @Test
    void rejectsMalformedEntries() {
        assertThatThrownBy(() -> ChangeVector.parse("A17-x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChangeVector.parse("A:x-db")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChangeVector.parse("A:1-")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withRaisesOrAddsTheEntryForADatabase() {
        ChangeVector cv = ChangeVector.parse("A:5-db1").with("B", 3, "db2").with("A", 9, "db1");
        assertThat(cv.etagOf("db1")).isEqualTo(9);
        assertThat(cv.etagOf("db2")).isEqualTo(3);
        assertThat(cv.with("A", 2, "db1").etagOf("db1")).as("never lowers an entry").isEqualTo(9);
    }

    @Test
    void orderIsThatOfVersionVectors() {
        ChangeVector a = ChangeVector.parse("A:5-db1, B:3-db2");
        assertThat(a.compareTo(ChangeVector.parse("A:5-db1, B:3-db2"))).isEqualTo(ChangeVector.Order.EQUAL);
        assertThat(a.compareTo(ChangeVector.parse("A:4-db1, B:3-db2"))).isEqualTo(ChangeVector.Order.NEWER);
        assertThat(a.compareTo(ChangeVector.parse("A:5-db1"))).isEqualTo(ChangeVector.Order.NEWER);
        assertThat(a.compareTo(ChangeVector.parse("A:6-db1, B:3-db2"))).isEqualTo(ChangeVector.Order.OLDER);
        assertThat(a.compareTo(ChangeVector.parse("A:6-db1, B:1-db2"))).isEqualTo(ChangeVector.Order.CONFLICT);
        assertThat(a.compareTo(ChangeVector.parse("C:1-db3"))).isEqualTo(ChangeVector.Order.CONFLICT);
    }

    @Test
    void mergeIsTheEntryWiseMaximum() {
        ChangeVector merged = ChangeVector.parse("A:5-db1, B:1-db2").merge(ChangeVector.parse("B:7-db2, C:2-db3"));
        assertThat(merged).isEqualTo(ChangeVector.parse("A:5-db1, B:7-db2, C:2-db3"));
        assertThat(merged.toString()).isEqualTo(ChangeVector.parse("C:2-db3, B:7-db2, A:5-db1").toString());
    }
}
