package racelab.explore;

import java.sql.SQLException;
import java.util.List;
import racelab.ledger.DatabaseBackend;
import racelab.ledger.H2Backend;
import racelab.ledger.LedgerEngine;
import racelab.ledger.LedgerRun;
import racelab.ledger.StepOutcome;
import racelab.ledger.TraceStep;
import racelab.scenario.LedgerScene;
import racelab.scenario.StepRef;

/**
 * The real {@link ScheduleRunnerFactory}: one {@link LedgerEngine} (one database on the chosen backend, embedded
 * H2 by default; one connection and one thread per lane) per search, reset between runs by the engine itself.
 */
public final class LedgerEngineRunners implements ScheduleRunnerFactory {

    private final DatabaseBackend backend;

    /** Runners on embedded H2. */
    public LedgerEngineRunners() {
        this(H2Backend.INSTANCE);
    }

    /** Runners on the given backend. */
    public LedgerEngineRunners(DatabaseBackend backend) {
        this.backend = backend;
    }

    @Override
    public ScheduleRunner open(LedgerScene scene) throws SQLException {
        return new EngineRunner(scene, LedgerEngine.open(scene, backend));
    }

    /** As many as the backend runs side by side ({@link DatabaseBackend#searchRunners()}). */
    @Override
    public int parallelism() {
        return backend.searchRunners();
    }

    /** SQLState of a statement cancelled by {@code CANCEL_SESSION}. */
    private static final String STATEMENT_CANCELLED = "57014";

    /** Adapts one open engine to the explorer. */
    static final class EngineRunner implements ScheduleRunner {
        private final LedgerScene scene;
        private final LedgerEngine engine;

        EngineRunner(LedgerScene scene, LedgerEngine engine) {
            this.scene = scene;
            this.engine = engine;
        }

        /**
         * Replays one schedule. An internal H2 failure while the engine reads SESSIONS is repeated inside the engine
         * (see {@code racelab.ledger.MonitoringRead}), so it no longer needs handling here.
         */
        @Override
        public LedgerRun run(String mitigation, List<StepRef> schedule) throws SQLException {
            LedgerRun run = engine.run(mitigation, schedule);
            if (cancelled(run)) {
                // A cancel the engine sent in the previous run can land on this run's next statement (seen on H2
                // 2.4 after a stuck-lane cancel: SQLState 57014 in a schedule that is safe on a fresh engine).
                // A real stuck schedule is cancelled again on replay; a leaked cancel is used up by now.
                run = engine.run(mitigation, schedule);
            }
            return run;
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
