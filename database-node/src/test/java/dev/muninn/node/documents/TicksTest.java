package dev.muninn.node.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class TicksTest {
    @Test
    void formatsSevenFractionalDigitsAndZ() {
        long ticks = Ticks.of(Instant.parse("2026-11-24T07:00:35.811Z"));
        assertThat(Ticks.format(ticks)).isEqualTo("2026-11-24T07:00:35.8110000Z");
        assertThat(Ticks.format(Ticks.of(Instant.parse("2026-01-02T03:04:05Z")))).isEqualTo("2026-01-02T03:04:05.0000000Z");
        assertThat(Ticks.format(Ticks.of(Instant.parse("2026-01-02T03:04:05.000000123Z"))))
                .isEqualTo("2026-01-02T03:04:05.0000001Z");
    }

    @Test
    void parsesWhatItFormatsAndClientDates() {
        long ticks = Ticks.of(Instant.parse("2026-11-24T07:00:35.8111234Z"));
        assertThat(Ticks.parseOrNull(Ticks.format(ticks))).isEqualTo(ticks);
        assertThat(Ticks.parseOrNull("2026-11-24T07:00:35.8110000+01:00"))
                .isEqualTo(Ticks.of(Instant.parse("2026-11-24T06:00:35.811Z")));
        assertThat(Ticks.parseOrNull("not a date")).isNull();
        assertThat(Ticks.parseOrNull(null)).isNull();
    }
}
