package racelab.compare;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import racelab.ledger.DatabaseBackend;
import racelab.ledger.LedgerEngine;
import racelab.ledger.LedgerRun;
import racelab.scenario.LedgerScene;
import racelab.scenario.StepRef;

/**
 * One schedule under one mitigation on several databases side by side (H2 vs PostgreSQL), with the differences
 * between them explained from the measured comparison ({@link EngineDifferences}).
 *
 * @param runs one run per backend, in the order asked for
 * @param differences sentences on why the H2 and PostgreSQL runs differ; empty when they do not, or when the
 *        comparison lacks one of the two
 */
public record BackendComparison(LedgerScene scene, String mitigation, List<StepRef> schedule,
                                List<ComparedRun> runs, List<String> differences) {

    public BackendComparison {
        schedule = List.copyOf(schedule);
        runs = List.copyOf(runs);
        differences = List.copyOf(differences);
    }

    /**
     * Replays {@code schedule} under {@code mitigation} on each backend.
     *
     * @throws racelab.ledger.MitigationUnavailableException when a backend cannot run the mitigation
     */
    public static BackendComparison run(LedgerScene scene, String mitigation, List<StepRef> schedule,
                                        List<DatabaseBackend> backends) throws SQLException {
        List<ComparedRun> runs = new ArrayList<>();
        for (DatabaseBackend backend : backends) {
            runs.add(ComparedRun.of(LedgerEngine.runOnce(scene, mitigation, schedule, backend)));
        }
        LedgerRun h2 = find(runs, "h2");
        LedgerRun postgres = find(runs, "postgres");
        List<String> differences = h2 == null || postgres == null ? List.of() : EngineDifferences.explain(h2, postgres);
        return new BackendComparison(scene, mitigation, schedule, runs, differences);
    }

    private static LedgerRun find(List<ComparedRun> runs, String backend) {
        return runs.stream().map(ComparedRun::run).filter(r -> r.database().backend().equals(backend)).findFirst()
                .orElse(null);
    }

    /** The side-by-side table for the command line. */
    public String table() {
        StringBuilder text = new StringBuilder();
        text.append("compare ").append(scene.id()).append(" under ").append(mitigation).append(": ")
                .append(String.join(" vs ", runs.stream().map(r -> r.run().database().backend()).toList()))
                .append('\n');
        text.append("schedule: ").append(String.join(" ", schedule.stream().map(StepRef::toString).toList()))
                .append("\n\n");
        String format = "%-34s %-28s %5s %5s %7s %7s %6s  %s%n";
        text.append(String.format(format, "DATABASE", "OUTCOME", "STMTS", "WAITS", "BLOCKED", "RETRIES", "ABORTS",
                "FINAL BALANCES"));
        for (ComparedRun run : runs) {
            RunCost cost = run.cost();
            text.append(String.format(format, run.run().database().server(), run.outcome().label(),
                    cost.statements(), cost.lockWaits(), cost.stepsBlocked(), cost.retries(), cost.aborts(),
                    run.run().finalBalances()));
        }
        for (ComparedRun run : runs) {
            text.append('\n').append(run.run().database().server()).append(":\n");
            if (run.run().steps().stream().allMatch(s -> s.outcome() == racelab.ledger.StepOutcome.RAN)) {
                text.append("  every step ran without waiting or being refused\n");
            }
            for (var anomaly : run.run().anomalies()) {
                text.append("  ").append(anomaly.typeAndName()).append(": ").append(anomaly.message()).append('\n');
            }
            for (var step : run.run().steps()) {
                if (step.outcome() != racelab.ledger.StepOutcome.RAN) {
                    text.append("  ").append(step.step()).append(' ').append(step.outcome())
                            .append(step.blockedBy() == null ? "" : " by " + step.blockedBy())
                            .append(step.sqlState() == null ? "" : " SQLState " + step.sqlState()).append('\n');
                }
            }
        }
        text.append('\n');
        if (differences.isEmpty()) {
            text.append("Same outcome on both databases; nothing in these runs differs by database.\n");
        } else {
            text.append("Why they differ (").append(EngineDifferences.SOURCE).append("):\n");
            differences.forEach(d -> text.append("  - ").append(d).append('\n'));
        }
        return text.toString();
    }
}
