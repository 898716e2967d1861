package racelab.cli;

import java.util.Map;
import racelab.check.Anomaly;
import racelab.ledger.LedgerRun;
import racelab.ledger.Mitigation;
import racelab.ledger.Mitigations;
import racelab.ledger.TraceStep;
import racelab.scenario.Account;
import racelab.scenario.Constraint;
import racelab.scenario.LedgerScene;

/** The plain-text report of a ledger run: header, trace table, final balances, anomalies and verdict. */
final class TraceText {

    private TraceText() {
    }

    static String render(LedgerRun run) {
        LedgerScene scene = run.scene();
        Mitigation mitigation = Mitigations.byId(run.mitigation()).orElseThrow();
        StringBuilder text = new StringBuilder();
        text.append("scene       ").append(scene.id()).append(" - ").append(scene.title()).append('\n');
        text.append("mitigation  ").append(mitigation.id()).append(" - ").append(mitigation.title()).append('\n');
        text.append("idempotency ").append(run.idempotencyKeys() ? "request keys recorded" : "off").append('\n');
        text.append("database    ").append(run.database().server()).append('\n');
        for (String setting : run.database().sessionSettings()) {
            text.append("session     ").append(setting).append('\n');
        }
        text.append("schedule    ").append(String.join(",", run.schedule().stream().map(Object::toString).toList()))
                .append("\n\n");
        text.append(String.format("%3s  %-18s %-16s %-9s %-6s %s%n", "#", "step", "outcome", "by", "state",
                "committed balances after the event"));
        for (TraceStep step : run.steps()) {
            text.append(String.format("%3d  %-18s %-16s %-9s %-6s %s%n", step.index(), step.step(), step.outcome(),
                    step.blockedBy() == null ? "" : step.blockedBy(), step.sqlState() == null ? "" : step.sqlState(),
                    balances(step.balances())));
            for (String sql : step.sql()) {
                text.append("       sql  ").append(sql).append('\n');
            }
            if (step.detail() != null && !step.detail().isEmpty()) {
                text.append("       ").append(step.detail()).append('\n');
            }
        }
        text.append("\nfinal balances\n");
        for (Account account : scene.accounts()) {
            long balance = run.finalBalances().get(account.id());
            text.append(String.format("  %-12s %8d  %s%n", account.id(), balance,
                    account.constraint() == Constraint.NONE ? ""
                            : account.constraint().yamlName() + (account.constraint().allows(balance) ? "" : "  BROKEN")));
        }
        text.append("\nanomalies\n");
        if (run.anomalies().isEmpty()) {
            text.append("  none\n");
        }
        for (Anomaly anomaly : run.anomalies()) {
            text.append("  ").append(anomaly.typeAndName()).append(": ").append(anomaly.message()).append('\n');
        }
        text.append("\nverdict     ").append(run.verdict()).append(" on ").append(run.database().server()).append('\n');
        return text.toString();
    }

    private static String balances(Map<String, Long> balances) {
        StringBuilder text = new StringBuilder();
        balances.forEach((id, value) -> text.append(text.length() == 0 ? "" : "  ").append(id).append('=').append(value));
        return text.toString();
    }
}
