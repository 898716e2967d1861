package racelab.explore;

import racelab.scenario.LedgerScene;

/** Opens a {@link ScheduleRunner} for a scene. */
@FunctionalInterface
public interface ScheduleRunnerFactory {

    ScheduleRunner open(LedgerScene scene) throws Exception;

    /**
     * How many runners of one scene may replay schedules side by side by default (each opened with {@link #open}, so
     * each its own database); one unless the runners are known to be independent.
     */
    default int parallelism() {
        return 1;
    }
}
