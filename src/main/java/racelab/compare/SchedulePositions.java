package racelab.compare;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import racelab.ledger.TraceStep;
import racelab.scenario.StepRef;

/**
 * Maps every event of a run's trace to the schedule step whose release produced it, so runs of different
 * mitigations (whose traces have different numbers of events) can share one cursor over the schedule.
 *
 * <p>The engine releases schedule steps in order and records, while settling one released step, first that
 * step's own event (ran, blocked, declined, ...) and only then events of other lanes it woke up (an UNBLOCKED
 * step, a deferred step of a lane that was waiting). So the schedule position of event {@code j} is the highest
 * schedule index of any event {@code 0..j}: a woken step belongs to the step that woke it, not to its own earlier
 * place in the schedule. Events recorded after the last step (a stuck schedule the engine ended) belong to the last
 * step. A step that occurs several times in the schedule ({@code replica.replicate}) is matched occurrence by
 * occurrence.
 */
public final class SchedulePositions {

    private SchedulePositions() {
    }

    /**
     * Returns, for every event of {@code trace}, the 0-based index in {@code schedule} of the step that released
     * it.
     *
     * @throws IllegalArgumentException when an event names a step the schedule does not contain
     */
    public static int[] of(List<StepRef> schedule, List<TraceStep> trace) {
        Map<StepRef, Deque<Integer>> occurrences = new HashMap<>();
        for (int i = 0; i < schedule.size(); i++) {
            occurrences.computeIfAbsent(schedule.get(i), s -> new ArrayDeque<>()).addLast(i);
        }
        Map<StepRef, Integer> lastUsed = new HashMap<>();
        int[] positions = new int[trace.size()];
        int highest = -1;
        for (int j = 0; j < trace.size(); j++) {
            StepRef step = trace.get(j).step();
            Deque<Integer> left = occurrences.get(step);
            if (left == null) {
                throw new IllegalArgumentException("trace event " + j + " (" + step + ") is not in the schedule");
            }
            int index;
            if (schedule.indexOf(step) == schedule.lastIndexOf(step)) {
                index = left.peekFirst();
            } else {
                // A repeated step (replica.replicate) produces one event per occurrence.
                index = left.isEmpty() ? lastUsed.get(step) : left.pollFirst();
            }
            lastUsed.put(step, index);
            highest = Math.max(highest, index);
            positions[j] = highest;
        }
        return positions;
    }

    /** Number of events released by the first {@code executedSteps} schedule steps. */
    public static int eventsUpTo(int[] positions, int executedSteps) {
        int count = 0;
        while (count < positions.length && positions[count] < executedSteps) {
            count++;
        }
        return count;
    }
}
