package dev.muninn.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The table of results, the environment lines and the last RESULT line. */
final class ResultTable {
    /** One workload's results; a side that did not run (--only) is null. */
    record Row(Workload workload, LoadRunner.Result muninn, LoadRunner.Result postgres) {
        double ratio() {
            if (muninn == null || postgres == null || postgres.opsPerSecond() == 0) {
                return Double.NaN;
            }
            return muninn.opsPerSecond() / postgres.opsPerSecond();
        }

        long failures() {
            return (muninn == null ? 0 : muninn.failures()) + (postgres == null ? 0 : postgres.failures());
        }
    }

    private static final String CPU_FORMAT = "%-11s %14s %14s %13s %14s %14s%n";
    private static final String FORMAT = "%-11s %-27s %7s %13s %13s %7s %17s %17s  %s%n";
    private final List<Row> rows = new ArrayList<>();
    private final List<String> environment = new ArrayList<>();

    void add(Row row) {
        rows.add(row);
    }

    void environment(String line) {
        environment.add(line);
    }

    boolean anyFailure() {
        return rows.stream().anyMatch(row -> row.failures() > 0);
    }

    void print(PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, FORMAT, "workload", "", "threads", "Muninn ops/s", "PG ops/s", "ratio",
                "Muninn p50/p99 ms", "PG p50/p99 ms", "");
        for (Row row : rows) {
            Workload w = row.workload();
            out.printf(Locale.ROOT, FORMAT, w.key(), w.label(), w.threads(), rate(row.muninn()),
                    rate(row.postgres()), number(row.ratio()), latency(row.muninn()), latency(row.postgres()),
                    failures(row));
        }
        for (Row row : rows) {
            if (row.workload().docsPerOp() > 1) {
                String op = row.workload().kind() == Workload.Kind.BULK
                        ? "one bulk load of %d documents (Muninn: bulkInsert(), committed every 1 024; PostgreSQL: "
                        + "COPY in one transaction)" : "one transaction of %d documents";
                out.printf(Locale.ROOT, "%s: one op = " + op + "; documents/s: Muninn %s, PostgreSQL %s%n",
                        row.workload().key(), row.workload().docsPerOp(), docs(row.muninn(), row.workload()),
                        docs(row.postgres(), row.workload()));
            }
        }
        out.println("ratio = Muninn ops/s / PostgreSQL ops/s (higher is better for Muninn); "
                + "rows marked (info) are not in RESULT.");
        out.println();
        out.printf(Locale.ROOT, CPU_FORMAT, "CPU per op", "Muninn server", "PG server", "server ratio",
                "Muninn client", "PG client");
        for (Row row : rows) {
            double muninnServer = row.muninn() == null ? Double.NaN : row.muninn().serverCpuMicros();
            double postgresServer = row.postgres() == null ? Double.NaN : row.postgres().serverCpuMicros();
            out.printf(Locale.ROOT, CPU_FORMAT, row.workload().key(), micros(muninnServer), micros(postgresServer),
                    number(muninnServer / postgresServer),
                    micros(row.muninn() == null ? Double.NaN : row.muninn().clientCpuMicros()),
                    micros(row.postgres() == null ? Double.NaN : row.postgres().clientCpuMicros()));
        }
        out.println("CPU per op = CPU time (user + system, /proc) in the measured window / operations, in "
                + "microseconds: the server's processes (the node's JVM; PostgreSQL's postmaster and backends) and "
                + "the bench JVM (official client / pgjdbc); server ratio = Muninn / PostgreSQL (lower is better "
                + "for Muninn).");
        out.println();
        environment.forEach(line -> out.println("environment: " + line));
        if (anyFailure()) {
            out.println("FAILED OPERATIONS: see the table; the figures of those rows are not valid.");
        }
        Map<String, Double> ratios = new LinkedHashMap<>();
        for (String key : List.of("writes1", "writes32", "batch100", "reads")) {
            ratios.put(key, Double.NaN);
        }
        for (Row row : rows) {
            if (row.workload().inResult()) {
                ratios.put(row.workload().key(), row.ratio());
            }
        }
        StringBuilder result = new StringBuilder("RESULT");
        ratios.forEach((key, ratio) -> result.append(' ').append(key).append('=').append(number(ratio)));
        out.println(result);
        out.flush();
    }

    private static String rate(LoadRunner.Result result) {
        return result == null ? "-" : String.format(Locale.ROOT, "%.0f", result.opsPerSecond());
    }

    private static String docs(LoadRunner.Result result, Workload workload) {
        return result == null ? "-"
                : String.format(Locale.ROOT, "%.0f", result.opsPerSecond() * workload.docsPerOp());
    }

    private static String latency(LoadRunner.Result result) {
        if (result == null) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2f/%.2f", result.p50Millis(), result.p99Millis());
    }

    private static String micros(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "-" : String.format(Locale.ROOT, "%.0f us", value);
    }

    /** Two decimals, or n/a when a side did not run or measured nothing. */
    static String number(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "n/a" : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String failures(Row row) {
        if (row.failures() == 0) {
            return "";
        }
        return "FAILURES: Muninn " + (row.muninn() == null ? 0 : row.muninn().failures()) + ", PostgreSQL "
                + (row.postgres() == null ? 0 : row.postgres().failures());
    }
}
