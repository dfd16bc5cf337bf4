package dev.muninn.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Refusal lines per caller and window: the rest left out and counted on the next line written. */
class AuditRateLimitTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aCallerGetsItsShareOfLinesPerWindowAndTheNextLineCountsTheRest() {
        AuditRateLimit limit = new AuditRateLimit(3, 10 * SECOND, 100);

        for (int i = 0; i < 3; i++) {
            assertThat(limit.admit("AAA", i * SECOND)).isEqualTo(new AuditRateLimit.Verdict(true, 0));
        }
        for (int i = 0; i < 5; i++) {
            assertThat(limit.admit("AAA", 4 * SECOND).write()).isFalse();
        }
        assertThat(limit.admit("BBB", 4 * SECOND).write()).as("another certificate has its own share").isTrue();

        assertThat(limit.admit("AAA", 10 * SECOND)).as("a new window").isEqualTo(new AuditRateLimit.Verdict(true, 5));
        assertThat(limit.admit("AAA", 11 * SECOND)).isEqualTo(new AuditRateLimit.Verdict(true, 0));
    }

    @Test
    void manyDistinctCallersDoNotGrowItWithoutBound() {
        AuditRateLimit limit = new AuditRateLimit(1, SECOND, 10);

        for (int i = 0; i < 1000; i++) {
            assertThat(limit.admit("caller-" + i, i * 2 * SECOND).write()).isTrue();
        }
        for (int i = 0; i < 25; i++) {
            assertThat(limit.admit("busy-" + i, 5000 * SECOND).write()).isTrue();
        }
        assertThat(limit.admit("busy-24", 5000 * SECOND).write()).isFalse();
    }
}
