package racelab.logsim.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import racelab.logsim.model.JournalEntry;

/**
 * The record-level trace of one run: every event that decides a write's fate, in order, and where every journal
 * entry stands after each step. Immutable; the same scene, seed and settings give an equal trace.
 *
 * @param events the events, numbered 1..n
 * @param statesByStep entry states after each step: element {@code s - 1} is the state after step {@code s}; empty
 *     lists when the journal is larger than {@link StepOptions#statesEntriesMax()}
 * @param journal the run's journal entries (their ids index the states)
 * @param complete false when recording stopped at {@link StepOptions#eventsMax()} or outside the recorded window
 * @param counted how many events the whole run had, kept or not (equal to {@code events.size()} when complete)
 * @param stepActions for each kept step, how many actions the event queue had run when it ended: the same run with a
 *     fault after that many actions has the fault right after the step (log-explore places faults this way, without
 *     recording)
 * @param storeByStep the balances the running tasks' stores hold after each step (account to cents; an account no
 *     running store holds is absent), indexed like {@code statesByStep}; empty when those are (the timeline's store
 *     column reads it)
 */
public record StepTrace(List<StepEvent> events, List<List<EntryState>> statesByStep, List<JournalEntry> journal,
        boolean complete, int counted, List<Long> stepActions, List<Map<String, Long>> storeByStep) {

    public StepTrace {
        events = List.copyOf(events);
        statesByStep = List.copyOf(statesByStep);
        journal = List.copyOf(journal);
        stepActions = List.copyOf(stepActions);
        storeByStep = List.copyOf(storeByStep);
    }

    /** A trace without store balances. */
    public StepTrace(List<StepEvent> events, List<List<EntryState>> statesByStep, List<JournalEntry> journal,
            boolean complete, int counted, List<Long> stepActions) {
        this(events, statesByStep, journal, complete, counted, stepActions, List.of());
    }

    /** A trace without queue positions. */
    public StepTrace(List<StepEvent> events, List<List<EntryState>> statesByStep, List<JournalEntry> journal,
            boolean complete, int counted) {
        this(events, statesByStep, journal, complete, counted, List.of());
    }

    /** A complete trace: every event of the run is kept. */
    public StepTrace(List<StepEvent> events, List<List<EntryState>> statesByStep, List<JournalEntry> journal,
            boolean complete) {
        this(events, statesByStep, journal, complete, events.size());
    }

    /** How many queue actions had run when event {@code n}'s step ended (0 for n = 0). */
    public long actionsAfter(int n) {
        return n <= 0 ? 0 : stepActions.get(event(n).step() - 1);
    }

    /**
     * Event number {@code n} (1-based, numbered over the whole run). A window's first kept event need not be event 1,
     * so the number is looked up relative to it.
     */
    public StepEvent event(int n) {
        return events.get(n - firstNumber());
    }

    /** The number of the first kept event: 1 for a whole run, later for a window (1 when nothing was kept). */
    public int firstNumber() {
        return events.isEmpty() ? 1 : events.get(0).number();
    }

    /** The number of the last kept event (0 when nothing was kept). */
    public int lastNumber() {
        return events.isEmpty() ? 0 : events.get(events.size() - 1).number();
    }

    public int size() {
        return events.size();
    }

    /**
     * Where entries stand once event {@code n} happened (the state after its whole step); {@code n = 0} is before the
     * first event, when no entry has been sent.
     */
    public List<EntryState> statesAfter(int n) {
        if (n <= 0 || statesByStep.isEmpty()) {
            List<EntryState> initial = new ArrayList<>();
            if (statesByStep.isEmpty() && n > 0) {
                return List.of();
            }
            for (JournalEntry e : journal) {
                initial.add(new EntryState(e.id(), false, false, false, 0, 0, false, false, false, false, false));
            }
            return initial;
        }
        return statesByStep.get(event(n).step() - 1);
    }

    /**
     * What the running tasks' stores hold once event {@code n} happened (after its whole step); empty before the first
     * event or when the trace kept no per-step states.
     */
    public Map<String, Long> storeAfter(int n) {
        if (n <= 0 || storeByStep.isEmpty()) {
            return Map.of();
        }
        return storeByStep.get(event(n).step() - 1);
    }

    /**
     * The gaps a fault can be placed in, as "after event N" numbers: 0 (before everything) and every event that ends
     * its simulator step. A fault after any other event fires at the same moment as after the end of its step.
     */
    public List<Integer> faultPositions() {
        List<Integer> positions = new ArrayList<>();
        positions.add(0);
        for (StepEvent e : events) {
            if (e.boundary()) {
                positions.add(e.number());
            }
        }
        return positions;
    }

    /**
     * The position in {@code other} (a run of the same scene under other settings, e.g. its fix) that matches position
     * {@code n} here: the end of the step holding the same occurrence of the same event (kind, lane, partition,
     * entries: "the second leader append of e3 on broker-1"), or, when {@code other} has no such event, the last gap
     * at or before event n's simulated time. The settings change what happens, so only events, not numbers, match.
     */
    public int matchingPosition(StepTrace other, int n) {
        if (n <= 0 || n < firstNumber() || n > lastNumber()) {
            return 0;
        }
        StepEvent e = event(n);
        int occurrence = 0;
        for (StepEvent earlier : events) {
            if (earlier.number() >= n) {
                break;
            }
            if (sameEvent(earlier, e)) {
                occurrence++;
            }
        }
        for (StepEvent candidate : other.events) {
            if (sameEvent(candidate, e) && occurrence-- == 0) {
                return other.stepEnd(candidate.number());
            }
        }
        int position = 0;
        for (int p : other.faultPositions()) {
            if (p > 0 && other.event(p).timeMs() <= e.timeMs()) {
                position = p;
            }
        }
        return position;
    }

    /** The last event of the step that holds event {@code n}: where a fault placed "after n" really falls. */
    public int stepEnd(int n) {
        int end = n;
        while (end < lastNumber() && !event(end).boundary()) {
            end++;
        }
        return end;
    }

    private static boolean sameEvent(StepEvent a, StepEvent b) {
        return a.kind() == b.kind() && a.lane().equals(b.lane()) && a.partition().equals(b.partition())
                && a.entries().equals(b.entries());
    }

    /** The events that touched entry {@code id}, in order. */
    public List<StepEvent> eventsOf(int id) {
        return events.stream().filter(e -> e.touches(id)).toList();
    }

    /** The lanes in first-seen order: {@code client}, brokers, apps, {@link StepEvent#FAULT_LANE}. */
    public List<String> lanes() {
        List<String> lanes = new ArrayList<>();
        for (StepEvent e : events) {
            if (!lanes.contains(e.lane())) {
                lanes.add(e.lane());
            }
        }
        lanes.sort(java.util.Comparator.comparingInt(StepTrace::laneOrder).thenComparing(l -> l));
        return lanes;
    }

    private static int laneOrder(String lane) {
        if (lane.equals("client")) {
            return 0;
        }
        if (lane.startsWith("broker-")) {
            return 1;
        }
        if (lane.startsWith("app-")) {
            return 2;
        }
        return lane.equals(StepEvent.FAULT_LANE) ? 4 : 3;
    }
}
