package racelab.explore;

import racelab.scenario.LedgerScene;

/** Opens a {@link ScheduleRunner} for a scene. */
@FunctionalInterface
public interface ScheduleRunnerFactory {

    ScheduleRunner open(LedgerScene scene) throws Exception;
}
