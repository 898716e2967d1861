package racelab.logsim.trace;

import java.util.List;

/**
 * One record-level event of a run, numbered from 1 in the order it happened.
 *
 * @param number 1-based position in the trace; a fault placed "after event N" fires right after event N's step
 * @param timeMs simulated time
 * @param kind what happened
 * @param lane the machine it happened on: {@code client}, {@code broker-2}, {@code app-1}; faults name the machines
 *     they hit in {@code text} and use the lane {@link #FAULT_LANE}
 * @param partition the partition it touched ({@code journal-0}, {@code changelog-1}, {@code __consumer_offsets-0}),
 *     or empty
 * @param entries journal entry ids whose records (or effects) it touched, ascending
 * @param fromOffset first offset touched, or -1
 * @param toOffset one past the last offset touched, or -1
 * @param text one sentence for a card
 * @param boundary whether this is the last event of its simulator step: only there can a fault fall between two
 *     events (a fault "after" an earlier event of the same step fires after the whole step)
 * @param step 1-based number of the simulator step (one action of the event queue) that produced it
 */
public record StepEvent(int number, long timeMs, StepKind kind, String lane, String partition, List<Integer> entries,
        long fromOffset, long toOffset, String text, boolean boundary, int step) {

    /** The lane of faults, restarts and other scene-driven events. */
    public static final String FAULT_LANE = "fault";

    public StepEvent {
        entries = List.copyOf(entries);
    }

    /** Whether the event touched journal entry {@code id}. */
    public boolean touches(int id) {
        return entries.contains(id);
    }
}
