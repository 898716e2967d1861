package racelab.compare;

import java.util.ArrayList;
import java.util.List;
import racelab.ledger.LedgerRun;
import racelab.ledger.StepOutcome;
import racelab.ledger.TraceStep;

/**
 * How a run ended, in one badge: the verdict, and for a safe run how it stayed safe.
 *
 * @param kind the badge's kind, which also decides its colour
 * @param label the badge text, e.g. {@code safe after 1 retry} or {@code safe: T2 declined}
 */
public record Outcome(Kind kind, String label) {

    /** Badge kinds, most serious first: a run gets the first that applies. */
    public enum Kind {
        /** An anomaly other than a handled deadlock broke the ledger. */
        VIOLATED,
        /** The database aborted a lane to break a lock cycle; the ledger is intact but a request failed. */
        DEADLOCK_VICTIM,
        /** Safe, but only because some transaction was rolled back and run again. */
        SAFE_AFTER_RETRIES,
        /** Safe; the application's check (or the request-key table) refused a request. */
        DECLINED,
        /** Safe; the database refused a statement (e.g. a CHECK constraint) and the request failed. */
        ABORTED,
        /** Safe and nothing was refused. */
        SAFE
    }

    /** Whether the ledger is intact (every kind but {@link Kind#VIOLATED}). */
    public boolean safe() {
        return kind != Kind.VIOLATED;
    }

    /** The badge for a finished run, from its verdict and its trace. */
    public static Outcome of(LedgerRun run) {
        if ("violated".equals(run.verdict())) {
            return new Outcome(Kind.VIOLATED, "violated");
        }
        List<String> victims = lanesWith(run, StepOutcome.DEADLOCK_VICTIM);
        if (!victims.isEmpty()) {
            return new Outcome(Kind.DEADLOCK_VICTIM, "deadlock victim: " + String.join(", ", victims));
        }
        long retries = run.steps().stream().filter(s -> s.outcome() == StepOutcome.RETRIED).count();
        if (retries > 0) {
            return new Outcome(Kind.SAFE_AFTER_RETRIES, "safe after " + retries + " retr" + (retries == 1 ? "y" : "ies"));
        }
        List<String> declined = lanesWith(run, StepOutcome.DECLINED);
        if (!declined.isEmpty()) {
            return new Outcome(Kind.DECLINED, "safe: " + String.join(", ", declined) + " declined");
        }
        List<String> aborted = new ArrayList<>();
        for (TraceStep step : run.steps()) {
            if (step.outcome() == StepOutcome.ABORTED) {
                aborted.add(step.lane() + " aborted" + (step.sqlState() == null ? "" : " (" + step.sqlState() + ")"));
            }
        }
        if (!aborted.isEmpty()) {
            return new Outcome(Kind.ABORTED, "safe: " + String.join(", ", aborted));
        }
        return new Outcome(Kind.SAFE, "safe");
    }

    private static List<String> lanesWith(LedgerRun run, StepOutcome outcome) {
        List<String> lanes = new ArrayList<>();
        for (TraceStep step : run.steps()) {
            if (step.outcome() == outcome && !lanes.contains(step.lane())) {
                lanes.add(step.lane());
            }
        }
        return lanes;
    }
}
