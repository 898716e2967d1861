package racelab.explore;

import java.sql.SQLException;
import java.util.List;
import racelab.ledger.LedgerEngine;
import racelab.ledger.LedgerRun;
import racelab.scenario.LedgerScene;
import racelab.scenario.StepRef;

/**
 * The real {@link ScheduleRunnerFactory}: one {@link LedgerEngine} (one embedded H2 database, one connection and
 * one thread per lane) per search, reset between runs by the engine itself.
 */
public final class LedgerEngineRunners implements ScheduleRunnerFactory {

    @Override
    public ScheduleRunner open(LedgerScene scene) throws SQLException {
        return new EngineRunner(LedgerEngine.open(scene));
    }

    /** Adapts one open engine to the explorer. */
    static final class EngineRunner implements ScheduleRunner {
        private final LedgerEngine engine;

        EngineRunner(LedgerEngine engine) {
            this.engine = engine;
        }

        @Override
        public LedgerRun run(String mitigation, List<StepRef> schedule) throws SQLException {
            return engine.run(mitigation, schedule);
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
