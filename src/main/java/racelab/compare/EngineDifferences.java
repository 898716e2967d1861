package racelab.compare;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import racelab.ledger.LedgerRun;
import racelab.ledger.StepOutcome;
import racelab.ledger.TraceStep;

/**
 * Why one schedule under one mitigation ends differently on H2 and on PostgreSQL, in sentences taken from the lab's
 * measured comparison of the two databases (143 probe runs, H2 2.4.240 against PostgreSQL 15.18, on the same
 * 2-core machine: {@code shared/reference/h2-vs-postgres.md}, sections 1 and 2). Each sentence is only said when
 * the two runs at hand show the difference; the runs themselves are the evidence, the sentences say why.
 */
public final class EngineDifferences {

    /** Where the sentences come from, for the UI and the reports. */
    public static final String SOURCE = "measured H2 2.4.240 vs PostgreSQL 15.18 probe (h2-vs-postgres reference, "
            + "sections 1-2)";

    private EngineDifferences() {
    }

    /**
     * The differences between a run on H2 and the same schedule on PostgreSQL, most important first; empty when
     * they ended the same way and nothing in them differs by database.
     */
    public static List<String> explain(LedgerRun onH2, LedgerRun onPostgres) {
        List<String> notes = new ArrayList<>();
        String mitigation = onH2.mitigation();
        boolean verdictsDiffer = !onH2.verdict().equals(onPostgres.verdict());
        Set<String> h2States = sqlStates(onH2);
        Set<String> pgStates = sqlStates(onPostgres);
        if (mitigation.equals("serializable") && verdictsDiffer && onPostgres.verdict().equals("safe")
                && pgStates.contains("40001")) {
            notes.add("SERIALIZABLE differs: H2's SERIALIZABLE is snapshot isolation (it shares SNAPSHOT's code and "
                    + "tracks no read set), so two transactions that read both rows and write different ones both "
                    + "commit: write skew" + (onH2.scene().openedAccounts().isEmpty() ? "" : " (here through a "
                    + "phantom: one inserts a row the other's predicate read would have matched)") + ". PostgreSQL's "
                    + "SERIALIZABLE is SSI: it tracks the read/write dependencies of serializable transactions (every "
                    + "lane runs SERIALIZABLE here; a writer at a weaker level would be invisible to it) and "
                    + "aborts one of them with 40001" + (phases(onPostgres, "40001").contains("commit")
                    ? " at COMMIT" : "") + "; the retry then reads the committed write and decides again. Measured: "
                    + "write skew W1, W3, G2 commit on H2 at every level and get 40001 on PostgreSQL SERIALIZABLE.");
        }
        List<TraceStep> h2Victims = victims(onH2);
        List<TraceStep> pgVictims = victims(onPostgres);
        if (!h2Victims.isEmpty() || !pgVictims.isEmpty()) {
            notes.add("Deadlock detection differs: H2 refuses the lock request that closes a cycle at once, with "
                    + "SQLState 40001 (worded 'Deadlock detected')" + victimsText(h2Victims) + "; PostgreSQL lets "
                    + "the cycle stand until a waiting session's deadlock check runs (deadlock_timeout, 1 s by "
                    + "default, 200 ms in the lab's sessions) and aborts that session with 40P01, usually the first "
                    + "waiter" + victimsText(pgVictims) + ". Measured: H2 40001 at once for the cycle-closer; "
                    + "PostgreSQL 40P01 after 1.0 s for the first waiter.");
        }
        if (h2States.contains("23513") || pgStates.contains("23514")) {
            notes.add("Same CHECK, different code: H2 reports a CHECK violation as 23513, PostgreSQL as 23514; the "
                    + "statement is refused the same way on both.");
        }
        if (mitigation.startsWith("repeatable-read")) {
            notes.add("Snapshot scope: the lab runs H2 at SNAPSHOT for repeatable-read, because H2's own REPEATABLE "
                    + "READ takes its snapshot per table, the first time each table is read (measured: read skew "
                    + "across two tables on H2 RR, not on PostgreSQL RR). H2 SNAPSHOT and PostgreSQL REPEATABLE READ "
                    + "behaved the same in every measured run; neither stops write skew.");
        }
        if (h2States.contains("HYT00") || pgStates.contains("55P03")) {
            notes.add("Lock timeouts differ in name: HYT00 on H2, 55P03 on PostgreSQL; H2 rolls back only the "
                    + "statement, PostgreSQL the whole transaction.");
        }
        if (pgStates.contains("25P02")) {
            notes.add("After an error PostgreSQL aborts the whole transaction (later statements fail with 25P02) while "
                    + "H2 rolls back only the failed statement; the lab rolls back after every error on both.");
        }
        if (verdictsDiffer && notes.stream().noneMatch(n -> n.startsWith("SERIALIZABLE"))) {
            notes.add(0, "The verdicts differ (H2: " + onH2.verdict() + ", PostgreSQL: " + onPostgres.verdict()
                    + ") in a case the measured comparison does not cover; each verdict is what that database did, "
                    + "see the two traces.");
        }
        return notes;
    }

    private static Set<String> sqlStates(LedgerRun run) {
        Set<String> states = new LinkedHashSet<>();
        for (TraceStep step : run.steps()) {
            if (step.sqlState() != null) {
                states.add(step.sqlState());
            }
        }
        return states;
    }

    private static Set<String> phases(LedgerRun run, String sqlState) {
        Set<String> phases = new LinkedHashSet<>();
        run.steps().stream().filter(s -> sqlState.equals(s.sqlState())).forEach(s -> phases.add(s.phase()));
        return phases;
    }

    private static List<TraceStep> victims(LedgerRun run) {
        return run.steps().stream().filter(s -> s.outcome() == StepOutcome.DEADLOCK_VICTIM).toList();
    }

    private static String victimsText(List<TraceStep> victims) {
        if (victims.isEmpty()) {
            return "";
        }
        List<String> named = new ArrayList<>();
        victims.forEach(v -> named.add(v.lane() + " at " + v.phase() + " with " + v.sqlState()));
        return " (this run: " + String.join(", ", named) + ")";
    }
}
