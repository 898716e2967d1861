package racelab.explore;

import java.util.List;
import racelab.ledger.LedgerRun;
import racelab.scenario.StepRef;

/**
 * Replays schedules of one scene, under any mitigation, one after another, on one database.
 *
 * <p>The explorer opens one runner per search (one for all mitigations of an explore-all) and closes it when the
 * search ends, is cancelled or fails;
 * {@link #close()} must stop every thread and close every connection the runner started.
 */
public interface ScheduleRunner extends AutoCloseable {

    /** Resets the database to the scene's opening balances and replays one complete schedule. */
    LedgerRun run(String mitigation, List<StepRef> schedule) throws Exception;

    @Override
    void close();
}
