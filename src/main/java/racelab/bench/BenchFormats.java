package racelab.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders a {@link BenchReport} as a text table, one JSON document, or CSV; saves atomically. */
public final class BenchFormats {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BenchFormats() {
    }

    /** Any report record as indented JSON. */
    public static String json(Object report) {
        try {
            return JSON.writeValueAsString(report);
        } catch (IOException e) {
            throw new IllegalStateException("cannot render the report as JSON", e);
        }
    }

    /** The medians table printed by {@code bench}, with a header that is enough to rerun it. */
    public static String table(BenchReport report) {
        BenchSettings s = report.settings();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Ledger load benchmark on %s, %d cores seen by the JVM, Java %s%n",
                report.database(), report.availableProcessors(), report.javaVersion()));
        out.append(String.format(Locale.ROOT, "load average (1 min) %.2f at start, %.2f at end%n",
                report.loadAverageAtStart(), report.loadAverageAtEnd()));
        out.append("workload: ").append(report.workloadDescription()).append("; seed ")
                .append(s.workload().seed()).append('\n');
        if (s.timed()) {
            out.append(String.format(Locale.ROOT, "each run: %.1f s warm-up (not measured), %.1f s measured;",
                    s.warmupSeconds(), s.runSeconds()));
        } else {
            out.append(String.format(Locale.ROOT, "each run: %d warm-up transfers (not measured), %d measured;",
                    s.warmupTransfers(), s.transfersPerRun()));
        }
        out.append(String.format(Locale.ROOT, " medians of %d repetitions; %d discarded JVM warm-up transfers "
                + "per mitigation first%n", s.repetitions(), s.jvmWarmupTransfers()));
        if (!report.complete()) {
            out.append("CANCELLED: the table below is incomplete\n");
        }
        String format = "%-20s %3s %3s %8s %7s %7s %7s %8s %7s %6s %-20s %8s %6s %5s %s%n";
        out.append(String.format(Locale.ROOT, format, "mitigation", "wrk", "att", "xfers/s", "p50 us", "p95 us",
                "p99 us", "requests", "retries", "deadlk", "aborts by SQLState", "declined", "failed", "viol",
                "checks"));
        for (CellResult cell : report.cells()) {
            out.append(String.format(Locale.ROOT, format, cell.mitigation(), cell.workers(),
                    cell.runs().get(0).attemptsAllowed(),
                    number(cell.medianTransfersPerSecond()), number(cell.medianP50Micros()),
                    number(cell.medianP95Micros()), number(cell.medianP99Micros()), number(cell.medianRequested()),
                    number(cell.medianRetries()),
                    number(cell.medianDeadlocks()), aborts(cell.medianAbortsBySqlState()),
                    number(cell.medianDeclined()), number(cell.medianFailed()), number(cell.medianViolations()),
                    checks(cell)));
        }
        out.append("requests, retries, deadlk, aborts, declined, failed, viol: whole run incl. warm-up; xfers/s and "
                + "latency (retries included): measured phase only.\n"
                + "att = attempts per transfer allowed by the mitigation's retry policy (1 = no retry);\n"
                + "viol = committed updates that left an account outside its rule (audited by a trigger);\n"
                + "checks: 'ok' = every request applied, declined or failed, and money conserved, in every run.\n");
        return out.toString();
    }

    private static String checks(CellResult cell) {
        String accounted = cell.allAccountedFor() ? "" : "UNACCOUNTED ";
        String money = cell.moneyConservedInAllRuns() ? "" : "MONEY ";
        String result = (accounted + money).trim();
        return result.isEmpty() ? "ok" : result;
    }

    private static String aborts(Map<String, Double> aborts) {
        if (aborts.isEmpty()) {
            return "-";
        }
        return aborts.entrySet().stream().map(e -> e.getKey() + ":" + number(e.getValue()))
                .collect(Collectors.joining(" "));
    }

    private static String number(double value) {
        if (value == Math.rint(value) || Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** One row per repetition ({@code kind=run}) and one per cell with the medians ({@code kind=median}). */
    public static String csv(BenchReport report) {
        StringBuilder out = new StringBuilder("kind,mitigation,workers,repetition,transfers_per_second,p50_us,"
                + "p95_us,p99_us,max_us,requested,applied,declined,declined_by_database,failed,retries,deadlocks,"
                + "aborts_by_sqlstate,violations,accounts_outside_rule_at_end,money_before,money_after\n");
        for (CellResult cell : report.cells()) {
            int rep = 0;
            for (RunStats run : cell.runs()) {
                rep++;
                out.append(String.join(",", "run", cell.mitigation(), String.valueOf(cell.workers()),
                        String.valueOf(rep), fixed(run.transfersPerSecond()), fixed(run.p50Micros()),
                        fixed(run.p95Micros()), fixed(run.p99Micros()), fixed(run.maxMicros()),
                        String.valueOf(run.requested()), String.valueOf(run.applied()),
                        String.valueOf(run.declined()), String.valueOf(run.declinedByDatabase()),
                        String.valueOf(run.failed()), String.valueOf(run.retries()),
                        String.valueOf(run.deadlocks()), abortsCsv(run.abortsBySqlState()),
                        String.valueOf(run.violations()), String.valueOf(run.accountsOutsideRuleAtEnd()),
                        String.valueOf(run.moneyBefore()), String.valueOf(run.moneyAfter()))).append('\n');
            }
            out.append(String.join(",", "median", cell.mitigation(), String.valueOf(cell.workers()), "",
                    fixed(cell.medianTransfersPerSecond()), fixed(cell.medianP50Micros()),
                    fixed(cell.medianP95Micros()), fixed(cell.medianP99Micros()), "",
                    fixed(cell.medianRequested()), "", fixed(cell.medianDeclined()), "",
                    fixed(cell.medianFailed()), fixed(cell.medianRetries()), fixed(cell.medianDeadlocks()), "",
                    fixed(cell.medianViolations()), "", "", "")).append('\n');
        }
        return out.toString();
    }

    private static String abortsCsv(Map<String, Long> aborts) {
        return aborts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(";"));
    }

    private static String fixed(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** Writes {@code text} to a temporary file next to {@code target}, then renames it into place. */
    public static void saveAtomically(Path target, String text) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        Files.createDirectories(directory);
        Path temp = Files.createTempFile(directory, absolute.getFileName().toString(), ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
