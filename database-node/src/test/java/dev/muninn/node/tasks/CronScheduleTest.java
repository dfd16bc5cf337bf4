package dev.muninn.node.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;

class CronScheduleTest {
    static final ZonedDateTime WED = ZonedDateTime.parse("2026-12-02T10:17:30Z"); // a Wednesday

    @Test
    void everyMinuteIsTheNextMinute() {
        assertThat(CronSchedule.parse("* * * * *").next(WED)).isEqualTo(ZonedDateTime.parse("2026-12-02T10:18:00Z"));
    }

    @Test
    void dailyAtTwoIsTomorrowWhenTodaysIsPast() {
        assertThat(CronSchedule.parse("0 2 * * *").next(WED)).isEqualTo(ZonedDateTime.parse("2026-12-03T02:00:00Z"));
    }

    @Test
    void stepsRangesAndLists() {
        assertThat(CronSchedule.parse("*/15 * * * *").next(WED)).isEqualTo(ZonedDateTime.parse("2026-12-02T10:30:00Z"));
        assertThat(CronSchedule.parse("5,50 9-11 * * *").next(WED)).isEqualTo(ZonedDateTime.parse("2026-12-02T10:50:00Z"));
        assertThat(CronSchedule.parse("0 0-6/3 * * *").next(WED)).isEqualTo(ZonedDateTime.parse("2026-12-03T00:00:00Z"));
    }

    @Test
    void weekdaysWithSundayAsZeroOrSeven() {
        assertThat(CronSchedule.parse("0 0 * * 0").next(WED)).isEqualTo(ZonedDateTime.parse("2026-12-06T00:00:00Z"));
        assertThat(CronSchedule.parse("0 0 * * 7").next(WED)).isEqualTo(ZonedDateTime.parse("2026-12-06T00:00:00Z"));
        assertThat(CronSchedule.parse("0 0 * * 1-5").next(WED)).isEqualTo(ZonedDateTime.parse("2026-12-03T00:00:00Z"));
    }

    @Test
    void bothDayFieldsRestrictedMeansEither() {
        // the 1st of the month or a Friday: Friday the 4th comes first
        assertThat(CronSchedule.parse("0 0 1 * 5").next(WED)).isEqualTo(ZonedDateTime.parse("2026-12-04T00:00:00Z"));
    }

    @Test
    void badExpressionsSayWhatIsWrong() {
        assertThatThrownBy(() -> CronSchedule.parse("0 2 * *")).hasMessageContaining("five fields");
        assertThatThrownBy(() -> CronSchedule.parse("61 * * * *")).hasMessageContaining("minute 61 is outside 0-59");
        assertThatThrownBy(() -> CronSchedule.parse("x * * * *")).hasMessageContaining("'x' is not a valid minute");
        assertThatThrownBy(() -> CronSchedule.parse("0 0 31 2 *").next(WED)).hasMessageContaining("never matches");
    }
}
