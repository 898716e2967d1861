package racelab.walkthrough;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import racelab.check.Anomaly;
import racelab.ledger.LedgerRun;
import racelab.ledger.StepOutcome;
import racelab.ledger.TraceStep;
import racelab.logsim.result.EntryIssue;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.result.WrongAccount;

/**
 * The real run of one stop: a ledger run on H2 or a log simulation, never a literal from the walkthrough file.
 *
 * @param ledger the ledger run, or null for a log stop
 * @param log the simulation result, or null for a ledger stop
 */
public record StopResult(LedgerRun ledger, LogRunResult log) {

    /** One line naming how the run ended, e.g. {@code violated: alice -60 (CONSTRAINT_VIOLATED ...)}. */
    public String outcomeLine() {
        if (ledger != null) {
            StringBuilder text = new StringBuilder(racelab.compare.Outcome.of(ledger).label());
            text.append(" under ").append(ledger.mitigation()).append("; final balances ");
            List<String> balances = new ArrayList<>();
            ledger.finalBalances().forEach((account, balance) -> balances.add(account + " " + balance));
            text.append(String.join(", ", balances));
            for (Anomaly anomaly : ledger.anomalies()) {
                text.append("; ").append(anomaly.typeAndName()).append(": ").append(anomaly.message());
            }
            return text.toString();
        }
        if (log.correct()) {
            return "balances right after recovery: nothing lost or applied twice (" + log.entries() + " entries, seed "
                    + log.seed() + ")";
        }
        if (log.wrongAccounts().isEmpty()) {
            return racelab.logsim.result.LogVerdict.of(log).sentence() + ", seed " + log.seed();
        }
        return "balances wrong after recovery: " + log.wrongAccounts().size() + " of " + log.accounts()
                + " accounts wrong, " + log.lostEntries().size() + " entries lost, " + log.duplicateEntries().size()
                + " applied twice" + (log.causes().isEmpty() ? "" : " (" + String.join(", ", log.causes()) + ")")
                + ", seed " + log.seed();
    }

    /**
     * The replay position that shows the point of a ledger stop: the first event that waits, is refused, or after
     * which a rule is broken; else the end. Log stops have no replay position (0).
     */
    public int keyStep(int requested) {
        if (ledger == null) {
            return 0;
        }
        int size = ledger.steps().size();
        if (requested >= 0) {
            return Math.min(requested, size);
        }
        for (TraceStep step : ledger.steps()) {
            StepOutcome outcome = step.outcome();
            if (outcome == StepOutcome.BLOCKED || outcome == StepOutcome.DEADLOCK_VICTIM
                    || outcome == StepOutcome.ABORTED || outcome == StepOutcome.DECLINED) {
                return step.index() + 1;
            }
        }
        return size;
    }

    /** Log stops: every lost entry whose loss the forensics trace to a record that had been acknowledged. */
    public List<EntryIssue> acknowledgedLosses() {
        List<EntryIssue> losses = new ArrayList<>();
        if (log == null) {
            return losses;
        }
        for (WrongAccount account : log.wrongAccounts()) {
            for (EntryIssue issue : account.issues()) {
                // F3 is the catalog's "never acknowledged": the producer knew the write had failed.
                if (issue.kind().equals("LOST") && !"F3".equals(issue.mode())) {
                    losses.add(issue);
                }
            }
        }
        return losses;
    }

    /** Statements sent to the database over the whole ledger run (retries included). */
    public int statements() {
        return ledger == null ? 0 : ledger.steps().stream().mapToInt(s -> s.sql().size()).sum();
    }

    /** Final balances of a ledger run, in scene order. */
    public Map<String, Long> finalBalances() {
        return ledger == null ? Map.of() : ledger.finalBalances();
    }
}
