package racelab.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import racelab.check.Anomaly;
import racelab.scenario.StepRef;

/** A comparison as text: the CLI table and the Markdown report with its embedded image. */
public final class CompareReport {

    private CompareReport() {
    }

    /** The CLI table: one row per mitigation, then the one-line trade-offs. */
    public static String table(Comparison comparison) {
        StringBuilder text = new StringBuilder();
        text.append("compare ").append(comparison.scene().id()).append(": ").append(comparison.scene().title())
                .append('\n');
        text.append("schedule: ").append(schedule(comparison.schedule(), " ")).append('\n');
        text.append("database: ").append(server(comparison)).append("\n\n");
        String format = "%-22s %-28s %5s %5s %7s %7s %6s  %s%n";
        text.append(String.format(format, "MITIGATION", "OUTCOME", "STMTS", "WAITS", "BLOCKED", "RETRIES", "ABORTS",
                "FINAL BALANCES"));
        for (ComparedRun run : comparison.runs()) {
            RunCost cost = run.cost();
            text.append(String.format(format, run.mitigation(), run.outcome().label(), cost.statements(),
                    cost.lockWaits(), cost.stepsBlocked(), cost.retries(), cost.aborts(),
                    balances(run.run().finalBalances())));
        }
        text.append("\nBLOCKED counts schedule steps spent waiting on a lock. Trade-offs at scale (measured figures: ")
                .append(TradeOffNotes.FIGURES_DOC).append("):\n");
        for (ComparedRun run : comparison.runs()) {
            text.append(String.format("  %-22s %s%n", run.mitigation(), run.tradeOffNote()));
        }
        return text.toString();
    }

    /**
     * The Markdown report.
     *
     * @param image the PNG's path relative to the report's folder, or null for a report without image
     */
    public static String markdown(Comparison comparison, String image) {
        StringBuilder md = new StringBuilder();
        md.append("# Compare fixes: ").append(comparison.scene().title()).append("\n\n");
        md.append("Scene `").append(comparison.scene().id()).append("` (`").append(comparison.scene().file())
                .append("`), the same schedule replayed once per mitigation on ").append(server(comparison))
                .append(":\n\n");
        md.append("`").append(schedule(comparison.schedule(), " → ")).append("`\n\n");
        if (image != null) {
            md.append("![Compare view of ").append(comparison.scene().id()).append("](").append(image)
                    .append(")\n\n");
        }
        md.append("| Mitigation | Outcome | Final balances | Anomalies | Statements | Lock waits (steps blocked) "
                + "| Retries | Aborts |\n");
        md.append("|---|---|---|---|---:|---:|---:|---:|\n");
        for (ComparedRun run : comparison.runs()) {
            RunCost cost = run.cost();
            md.append("| `").append(run.mitigation()).append("` | ").append(run.outcome().label()).append(" | ")
                    .append(balances(run.run().finalBalances())).append(" | ").append(anomalies(run.run().anomalies()))
                    .append(" | ").append(cost.statements()).append(" | ").append(cost.lockWaits()).append(" (")
                    .append(cost.stepsBlocked()).append(") | ").append(cost.retries()).append(" | ")
                    .append(cost.aborts()).append(" |\n");
        }
        md.append("\n## Trade-offs at scale\n\n");
        for (ComparedRun run : comparison.runs()) {
            md.append("- `").append(run.mitigation()).append("`: ").append(run.tradeOffNote())
                    .append(" (figures: ").append(TradeOffNotes.figuresLink(run.mitigation())).append(")\n");
        }
        md.append("\nLock waits are observed from the database (H2: each session's `BLOCKER_ID`, as `INFORMATION_SCHEMA.SESSIONS` shows it; "
                + "PostgreSQL: `pg_blocking_pids()`) or the lab's lock table; steps blocked counts schedule steps spent waiting. Measured throughput, latency and abort "
                + "rates under contention are in ").append(TradeOffNotes.FIGURES_DOC).append(".\n");
        return md.toString();
    }

    /** The server every run of the comparison went to (one engine runs them all). */
    private static String server(Comparison comparison) {
        return comparison.runs().isEmpty() ? "no database" : comparison.runs().get(0).run().database().server();
    }

    private static String schedule(List<StepRef> schedule, String separator) {
        List<String> steps = new ArrayList<>();
        schedule.forEach(s -> steps.add(s.toString()));
        return String.join(separator, steps);
    }

    private static String balances(Map<String, Long> balances) {
        List<String> parts = new ArrayList<>();
        balances.forEach((account, value) -> parts.add(account + "=" + value));
        return String.join(" ", parts);
    }

    private static String anomalies(List<Anomaly> anomalies) {
        List<String> types = new ArrayList<>();
        for (Anomaly anomaly : anomalies) {
            if (!types.contains(anomaly.typeAndName())) {
                types.add(anomaly.typeAndName());
            }
        }
        return types.isEmpty() ? "none" : String.join(", ", types);
    }
}
