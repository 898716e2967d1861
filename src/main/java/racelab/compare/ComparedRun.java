package racelab.compare;

import racelab.ledger.LedgerRun;

/**
 * One column of a comparison: a mitigation's run of the shared schedule with its cost and its badge.
 *
 * @param tradeOffNote one line on what the mitigation costs at scale ({@link TradeOffNotes})
 */
public record ComparedRun(LedgerRun run, RunCost cost, Outcome outcome, String tradeOffNote) {

    /** Derives the cost, badge and note of a finished run. */
    public static ComparedRun of(LedgerRun run) {
        return new ComparedRun(run, RunCost.of(run), Outcome.of(run), TradeOffNotes.of(run.mitigation()));
    }

    public String mitigation() {
        return run.mitigation();
    }
}
