package dev.muninn.node.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;


class TimeSpansTest {
    @Test
    void parsesTheClientsTimeSpans() {
        assertThat(TimeSpans.parse("00:00:15")).isEqualTo(Duration.ofSeconds(15));
        assertThat(TimeSpans.parse("-00:00:01")).isEqualTo(Duration.ofSeconds(-1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TimeSpans.parse("9223372036854775807.00:00:00"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(TimeSpans.parse("01:02:03.5000000")).isEqualTo(Duration.parse("PT1H2M3.5S"));
        assertThat(TimeSpans.parse("2.00:00:01")).isEqualTo(Duration.ofDays(2).plusSeconds(1));
        assertThatThrownBy(() -> TimeSpans.parse("15s")).isInstanceOf(IllegalArgumentException.class);
    }
}
