package racelab.explore;

import java.sql.SQLException;
import java.util.List;
import racelab.ledger.LedgerEngine;
import racelab.ledger.LedgerRun;
import racelab.ledger.StepOutcome;
import racelab.ledger.TraceStep;
import racelab.scenario.LedgerScene;
import racelab.scenario.StepRef;

/**
 * The real {@link ScheduleRunnerFactory}: one {@link LedgerEngine} (one embedded H2 database, one connection and
 * one thread per lane) per search, reset between runs by the engine itself.
 */
public final class LedgerEngineRunners implements ScheduleRunnerFactory {

    @Override
    public ScheduleRunner open(LedgerScene scene) throws SQLException {
        return new EngineRunner(scene, LedgerEngine.open(scene));
    }

    /** H2's SQLState for an internal error. */
    private static final String GENERAL_ERROR = "50000";
    /** Attempts of one schedule when H2 fails internally; a limit, so a real failure still surfaces. */
    private static final int ATTEMPTS_MAX = 3;
    /** SQLState of a statement cancelled by {@code CANCEL_SESSION}. */
    private static final String STATEMENT_CANCELLED = "57014";

    /** Adapts one open engine to the explorer. */
    static final class EngineRunner implements ScheduleRunner {
        private final LedgerScene scene;
        private LedgerEngine engine;

        EngineRunner(LedgerScene scene, LedgerEngine engine) {
            this.scene = scene;
            this.engine = engine;
        }

        /**
         * Replays one schedule; a run that fails inside H2 itself is replayed once more from a fresh reset.
         *
         * <p>Why: reading {@code INFORMATION_SCHEMA.SESSIONS} while another session commits can fail inside H2 2.4
         * (seen about once in 35,000 runs: a NullPointerException on the session's transaction, SQLState 50000).
         * The failed run can leave lanes mid-transaction, so the schedule is replayed on a freshly opened engine;
         * a third failure in a row is treated as real and thrown.
         */
        @Override
        public LedgerRun run(String mitigation, List<StepRef> schedule) throws SQLException {
            LedgerRun run = runOnceMore(mitigation, schedule);
            if (cancelled(run)) {
                // A cancel the engine sent in the previous run can land on this run's next statement (seen on H2
                // 2.4 after a stuck-lane cancel: SQLState 57014 in a schedule that is safe on a fresh engine).
                // A real stuck schedule is cancelled again on replay; a leaked cancel is used up by now.
                run = runOnceMore(mitigation, schedule);
            }
            return run;
        }

        private LedgerRun runOnceMore(String mitigation, List<StepRef> schedule) throws SQLException {
            for (int attempt = 1; ; attempt++) {
                try {
                    return engine.run(mitigation, schedule);
                } catch (SQLException failure) {
                    if (!GENERAL_ERROR.equals(failure.getSQLState()) || attempt == ATTEMPTS_MAX) {
                        throw failure;
                    }
                    // The failed run may have left lanes mid-transaction: replay on a fresh engine, not a reset one.
                    engine.close();
                    engine = LedgerEngine.open(scene);
                }
            }
        }

        private static boolean cancelled(LedgerRun run) {
            for (TraceStep step : run.steps()) {
                if (step.outcome() == StepOutcome.ABORTED && STATEMENT_CANCELLED.equals(step.sqlState())) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void close() {
            try {
                engine.close();
            } catch (SQLException e) {
                throw new IllegalStateException("could not close the ledger engine: " + e.getMessage(), e);
            }
        }
    }
}
