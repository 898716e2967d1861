package racelab.logsim.trace;

import racelab.logsim.cluster.PartitionState;
import racelab.logsim.model.LogRecord;
import racelab.logsim.result.TraceEvent;

/**
 * The simulator's only push hooks into a step recording (everything else is read from its state after each step):
 * a producer took a record into its accumulator, and a notable moment was traced.
 */
public interface StepObserver {

    /** {@code machine}'s producer put {@code record} into its accumulator for {@code partition}. */
    void sent(LogRecord record, PartitionState partition, String machine);

    /** The simulator traced a notable moment (fault, election, restore, checkpoint, ...). */
    void traced(TraceEvent event);
}
