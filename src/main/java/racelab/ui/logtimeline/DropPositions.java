package racelab.ui.logtimeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import racelab.logsim.trace.StepEvent;
import racelab.logsim.trace.StepKind;
import racelab.logsim.trace.StepTrace;

/**
 * Where a drop of the fault card lands, for every gap between the cards of a run: a position of the run
 * <em>without</em> the fault ("after event N", the numbering {@code log --after} and {@code log-explore} use), so a
 * drop anywhere asks for a position that exists.
 *
 * <p>Left of the fault the cards are the fault-free run's own events (the run is the same until the fault fires), so
 * a gap is its own position, moved back to the start of its simulator step (a fault falls only between steps; one card
 * earlier is always one step earlier). Right of the fault the cards are what the faulted run did instead: restarts,
 * elections, retries, and events the fault-free run also has, at other numbers. A gap there maps to the same event of
 * the fault-free run: the same occurrence of the same kind on the same machine, partition and entries ("the second
 * leader append of e3 on broker-1", as {@link StepTrace#matchingPosition} matches a run against its fix); an event the
 * fault-free run never has (a restart) maps to the last fault-free gap at or before its simulated time. The positions
 * never decrease from left to right, a drop right of the fault always lands later than where the fault stands (when
 * the fault-free run has a later gap at all), and none is past the fault-free run's last gap.
 */
final class DropPositions {

    private DropPositions() {
    }

    /** What makes two events "the same event" in two runs of one scene; numbers and times differ. */
    private record EventKey(StepKind kind, String lane, String partition, List<Integer> entries) {
        static EventKey of(StepEvent event) {
            return new EventKey(event.kind(), event.lane(), event.partition(), event.entries());
        }
    }

    /**
     * @param faulted the trace of the run on screen (every card's event, in order)
     * @param faultCard the index of the movable fault's card among the trace's events, or -1 when the run has none
     * @param faultFree the trace of the same scene and settings without the movable fault, recorded over the same
     *     window as {@code faulted}
     * @return {@code faulted.size() + 1} positions: element {@code k} is where a drop in the gap after the first
     *     {@code k} cards puts the fault
     */
    static List<Integer> of(StepTrace faulted, int faultCard, StepTrace faultFree) {
        List<StepEvent> events = faulted.events();
        int firstEvent = events.isEmpty() ? 0 : events.get(0).number() - 1;
        List<Integer> gaps = faultFree.faultPositions();
        int lastGap = gaps.get(gaps.size() - 1);
        List<Integer> positions = new ArrayList<>(events.size() + 1);
        int prefix = faultCard < 0 ? events.size() : faultCard;
        for (int k = 0; k <= prefix; k++) {
            int cards = k;
            while (cards > 0 && !events.get(cards - 1).boundary()) {
                cards--;
            }
            positions.add(Math.min(firstEvent + cards, lastGap));
        }
        if (faultCard < 0) {
            return positions;
        }
        int current = firstEvent + faultCard;
        positions.add(current);
        int later = current;
        for (int gap : gaps) {
            if (gap > current) {
                later = gap;
                break;
            }
        }
        Map<EventKey, List<Integer>> numbersByKey = new HashMap<>();
        for (StepEvent event : faultFree.events()) {
            numbersByKey.computeIfAbsent(EventKey.of(event), key -> new ArrayList<>()).add(event.number());
        }
        Map<EventKey, Integer> seen = new HashMap<>();
        for (int i = 0; i < faultCard + 1; i++) {
            seen.merge(EventKey.of(events.get(i)), 1, Integer::sum);
        }
        int previous = later;
        for (int i = faultCard + 1; i < events.size(); i++) {
            StepEvent event = events.get(i);
            EventKey key = EventKey.of(event);
            int occurrence = seen.getOrDefault(key, 0);
            seen.put(key, occurrence + 1);
            List<Integer> numbers = numbersByKey.getOrDefault(key, List.of());
            int matched = occurrence < numbers.size() ? faultFree.stepEnd(numbers.get(occurrence))
                    : lastGapAtOrBefore(faultFree, gaps, event.timeMs());
            previous = Math.min(lastGap, Math.max(previous, matched));
            positions.add(previous);
        }
        return positions;
    }

    /** The last gap of the fault-free run whose event happened at or before {@code timeMs} (0: none). */
    private static int lastGapAtOrBefore(StepTrace trace, List<Integer> gaps, long timeMs) {
        int found = 0;
        int low = 1;
        int high = gaps.size() - 1;
        // Gaps are in event order, and events in time order: the last one at or before timeMs, by bisection.
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (trace.event(gaps.get(middle)).timeMs() <= timeMs) {
                found = gaps.get(middle);
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return found;
    }
}
