package racelab.explore;

import racelab.scenario.LedgerScene;

/** Opens a {@link ScheduleRunner} for a scene and a mitigation id. */
@FunctionalInterface
public interface ScheduleRunnerFactory {

    ScheduleRunner open(LedgerScene scene, String mitigation) throws Exception;
}
