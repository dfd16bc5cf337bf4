package dev.muninn.node.documents.counters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The counters CRDT: merges commute, associate and are idempotent; increments add up; deletes win over what they saw. */
class CounterGroupTest {

    @Test
    void concurrentIncrementsOnTwoMembersAddUp() {
        CounterGroup a = CounterGroup.empty();
        CounterGroup b = CounterGroup.empty();
        a.increment("likes", 5, "dbA", 1);
        b.increment("Likes", 7, "dbB", 1);
        a.merge(b);
        b.merge(a);
        assertThat(a.value("likes")).hasValue(12);
        assertThat(b).isEqualTo(a);
        assertThat(a.merge(b)).as("merging again changes nothing").isFalse();
    }

    @Test
    void aDeleteHidesWhatItSawAndAnIncrementAfterItStartsAgain() {
        CounterGroup a = CounterGroup.empty();
        a.increment("likes", 5, "dbA", 1);
        CounterGroup b = CounterGroup.parse(a.toBytes());
        b.increment("likes", 3, "dbB", 1); // concurrent with the delete below
        assertThat(a.delete("likes")).isTrue();
        assertThat(a.value("likes")).isEmpty();
        assertThat(a.liveNames()).isEmpty();
        a.merge(b);
        // the delete saw A's 5, not B's concurrent 3: that one survives
        assertThat(a.value("likes")).hasValue(3);
        a.increment("likes", 1, "dbA", 2);
        assertThat(a.value("likes")).hasValue(4);
        assertThat(a.delete("nothing")).isFalse();
    }

    @Test
    void anIncrementConcurrentWithADeleteCountsOnlyWhatItAdded() {
        CounterGroup a = CounterGroup.empty();
        a.increment("likes", 10, "dbB", 1);
        CounterGroup b = CounterGroup.parse(a.toBytes());
        a.delete("likes");
        b.increment("likes", 1, "dbB", 2); // B did not see the delete: its running part is 11
        a.merge(b);
        b.merge(a);
        assertThat(a.value("likes")).hasValue(1);
        assertThat(b).isEqualTo(a);
        assertThat(a.contributions("likes")).containsExactly(java.util.Map.entry("dbB", 1L));
    }

    @Test
    void partsThatAddUpPastTheRangeHoldAtItsEndAndNeverFailAMerge() {
        CounterGroup a = CounterGroup.empty();
        CounterGroup b = CounterGroup.empty();
        a.increment("big", Long.MAX_VALUE - 1, "dbA", 1);
        b.increment("big", 10, "dbB", 1);
        assertThat(a.merge(b)).isTrue();
        assertThat(a.value("big")).hasValue(Long.MAX_VALUE);
        assertThatThrownBy(() -> a.increment("big", 1, "dbA", 2)).isInstanceOf(ArithmeticException.class);
        assertThat(a.value("big")).hasValue(Long.MAX_VALUE);
    }

    @Test
    void anIncrementAtAnEtagADeleteSawIsRefused() {
        CounterGroup group = CounterGroup.empty();
        group.increment("likes", 1, "db", 5);
        group.increment("likes", 1, "db", 5); // one write may change a counter twice
        group.delete("likes");
        assertThatThrownBy(() -> group.increment("likes", 1, "db", 5)).isInstanceOf(IllegalArgumentException.class);
        group.increment("likes", 3, "db", 6);
        assertThat(group.value("likes")).hasValue(3);
    }

    @Test
    void membersConvergeWhateverTheOrderOfExchanges() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            String[] members = {"dbA", "dbB", "dbC"};
            List<CounterGroup> copies = new ArrayList<>(List.of(CounterGroup.empty(), CounterGroup.empty(),
                    CounterGroup.empty()));
            long[] etags = new long[3];
            for (int step = 0; step < 30; step++) {
                int member = random.nextInt(3);
                String name = "c" + random.nextInt(3);
                switch (random.nextInt(4)) {
                    case 0, 1 -> copies.get(member).increment(name, random.nextInt(21) - 10, members[member],
                            ++etags[member]);
                    case 2 -> copies.get(member).delete(name);
                    default -> copies.get(member).merge(copies.get(random.nextInt(3)));
                }
            }
            CounterGroup forward = CounterGroup.empty();
            copies.forEach(forward::merge);
            CounterGroup backward = CounterGroup.empty();
            for (int i = copies.size() - 1; i >= 0; i--) {
                backward.merge(copies.get(i));
            }
            CounterGroup twice = CounterGroup.parse(forward.toBytes());
            twice.merge(backward);
            twice.merge(forward);
            assertThat(backward).as("round " + round).isEqualTo(forward);
            assertThat(twice).as("round " + round).isEqualTo(forward);
        }
    }

    @Test
    void namesKeepTheirFirstCasingAndSortWithoutRegardToCase() {
        CounterGroup group = CounterGroup.empty();
        group.increment("XyZ", 1, "db", 1);
        group.increment("abc", 1, "db", 2);
        group.increment("XYZ", 1, "db", 3);
        assertThat(group.liveNames()).containsExactly("abc", "XyZ");
        assertThat(group.value("xyz")).hasValue(2);
    }

    @Test
    void anOverflowLeavesTheCounterAsItWas() {
        CounterGroup group = CounterGroup.empty();
        group.increment("big", Long.MAX_VALUE, "db", 1);
        assertThatThrownBy(() -> group.increment("big", 1, "db", 2)).isInstanceOf(ArithmeticException.class);
        assertThat(group.value("big")).hasValue(Long.MAX_VALUE);
    }

    @Test
    void aGroupThatIsNotOneIsRefused() {
        assertThatThrownBy(() -> CounterGroup.parse("{\"Counters\":{\"x\":{\"Name\":\"x\",\"Values\":{\"db\":[1]}}}}"
                .getBytes())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[etag, value]");
        assertThatThrownBy(() -> CounterGroup.parse("{}".getBytes())).isInstanceOf(IllegalArgumentException.class);
    }
}
