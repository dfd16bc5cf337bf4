package dev.muninn.node.tasks;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;

/**
 * A backup frequency as RavenDB takes it: a five-field cron expression (minute, hour, day of month, month, day of
 * week; {@code *}, numbers, ranges {@code a-b}, lists {@code a,b} and steps {@code * /n}, {@code a-b/n}; Sunday is
 * 0 or 7), evaluated in UTC at minute resolution. As in cron, when both day fields are restricted a day matching
 * either one counts.
 */
public final class CronSchedule {
    private static final int SEARCH_MINUTES = 366 * 24 * 60 * 5;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean dayOfMonthRestricted;
    private final boolean dayOfWeekRestricted;

    private CronSchedule(String[] fields) {
        minutes = field(fields[0], 0, 59, "minute");
        hours = field(fields[1], 0, 23, "hour");
        daysOfMonth = field(fields[2], 1, 31, "day of month");
        months = field(fields[3], 1, 12, "month");
        BitSet week = field(fields[4], 0, 7, "day of week");
        if (week.get(7)) {
            week.set(0);
        }
        daysOfWeek = week;
        dayOfMonthRestricted = !fields[2].equals("*");
        dayOfWeekRestricted = !fields[4].equals("*");
    }

    /** Parses {@code expression}; IllegalArgumentException naming what is wrong. */
    public static CronSchedule parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("a cron expression is required");
        }
        String[] fields = expression.trim().split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("'" + expression + "' is not a cron expression of five fields "
                    + "(minute hour day-of-month month day-of-week)");
        }
        return new CronSchedule(fields);
    }

    /** The first matching minute strictly after {@code after}. */
    public ZonedDateTime next(ZonedDateTime after) {
        ZonedDateTime candidate = after.withZoneSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        for (int i = 0; i < SEARCH_MINUTES; i++) {
            if (matches(candidate)) {
                return candidate;
            }
            candidate = candidate.plusMinutes(1);
        }
        throw new IllegalArgumentException("the cron expression never matches");
    }

    private boolean matches(ZonedDateTime t) {
        if (!minutes.get(t.getMinute()) || !hours.get(t.getHour()) || !months.get(t.getMonthValue())) {
            return false;
        }
        boolean dom = daysOfMonth.get(t.getDayOfMonth());
        boolean dow = daysOfWeek.get(t.getDayOfWeek().getValue() % 7);
        if (dayOfMonthRestricted && dayOfWeekRestricted) {
            return dom || dow;
        }
        return dom && dow;
    }

    private static BitSet field(String text, int min, int max, String name) {
        BitSet set = new BitSet(max + 1);
        for (String part : text.split(",")) {
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(part.substring(slash + 1), 1, max, name);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", 2);
                from = number(ends[0], min, max, name);
                to = number(ends[1], min, max, name);
                if (from > to) {
                    throw new IllegalArgumentException("the " + name + " range " + range + " is empty");
                }
            } else {
                from = number(range, min, max, name);
                to = slash >= 0 ? max : from;
            }
            for (int v = from; v <= to; v += step) {
                set.set(v);
            }
        }
        return set;
    }

    private static int number(String text, int min, int max, String name) {
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw new IllegalArgumentException("the " + name + " " + value + " is outside " + min + "-" + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid " + name);
        }
    }
}
