package racelab.ui.logtimeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import racelab.logsim.forensics.GroundTruth;
import racelab.logsim.model.JournalEntry;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.trace.EntryState;
import racelab.logsim.trace.StepEvent;
import racelab.logsim.trace.StepKind;
import racelab.logsim.trace.StepTrace;
import racelab.logsim.trace.SteppedRun;

/**
 * Turns the simulator's record-level trace ({@link SteppedRun}) into what the timeline page draws: lanes, one card
 * per event, and the picture after every event. Plain Java, run off the FX thread once per run.
 */
public final class TimelineRuns {

    private TimelineRuns() {
    }

    /**
     * Builds the page's view of a stepped run.
     *
     * @param movableKind the kind of the fault the user moves ({@code power-cut}); null: the first fault
     * @param faultAfter where that fault was placed (after event N), or -1 when it fired at its scene time
     * @param faultFree the trace of the same scene and settings without the movable fault, over the same window: the
     *     positions a drop of the fault card asks for are its gaps ({@link DropPositions})
     */
    public static TimelineRun of(SteppedRun stepped, String movableKind, int faultAfter, StepTrace faultFree) {
        StepTrace trace = stepped.trace();
        LogRunResult result = stepped.result();
        List<StepEvent> events = trace.events();
        List<TimelineCard> cards = new ArrayList<>(events.size());
        int faultCard = movableCard(events, movableKind, faultAfter);
        for (StepEvent event : events) {
            boolean fault = cards.size() == faultCard;
            cards.add(new TimelineCard(event.number() - 1, event.lane(), event.kind().name(), title(event),
                    detail(event), event.text(), event.timeMs(), event.entries(), fault,
                    event.kind() == StepKind.TRUNCATION, event.partition(), event.boundary()));
        }
        int firstEvent = events.isEmpty() ? 0 : events.get(0).number() - 1;
        boolean windowed = firstEvent > 0 || !trace.complete();
        List<JournalEntry> journal = trace.journal();
        List<TimelineStep> steps = new ArrayList<>(events.size() + 1);
        boolean statesKept = !trace.statesByStep().isEmpty();
        List<EntryState> before = statesKept ? trace.statesAfter(0) : List.of();
        steps.add(picture(before, Map.of(), journal));
        for (StepEvent event : events) {
            int step = event.step() - 1;
            List<EntryState> states = statesKept ? trace.statesByStep().get(step) : List.of();
            Map<String, Long> store = trace.storeByStep().isEmpty() ? Map.of() : trace.storeByStep().get(step);
            steps.add(picture(states, store, journal));
        }
        return new TimelineRun(result, lanes(trace), cards, journal, steps, doomed(cards, result, faultCard),
                faultCard < 0 ? -1 : firstEvent + faultCard, firstEvent, windowed,
                DropPositions.of(trace, faultCard, faultFree));
    }

    /**
     * The events of a recorded window cut to {@code window.eventsBefore()} before the fault card and
     * {@code window.eventsAfter()} after it (a run without a fault keeps its first events), so a big scene's timeline
     * never holds thousands of cards.
     */
    public static TimelineRun around(TimelineRun run, TimelineWindow window) {
        int fault = run.faultCard();
        int from = fault < 0 ? 0 : Math.max(0, fault - window.eventsBefore());
        int to = Math.min(run.cards().size(), (fault < 0 ? 0 : fault + 1) + window.eventsAfter()
                + (fault < 0 ? window.eventsBefore() : 0));
        if (from == 0 && to == run.cards().size()) {
            return run;
        }
        Map<Integer, Integer> doomed = new LinkedHashMap<>();
        run.doomedAtEvent().forEach((entry, at) -> {
            if (at >= from && at < to) {
                doomed.put(entry, at - from);
            }
        });
        return new TimelineRun(run.result(), run.lanes(), run.cards().subList(from, to), run.journal(),
                run.steps().subList(from, to + 1), doomed, run.faultAfter(), run.firstEvent() + from, true,
                run.dropPositions().subList(from, to + 1));
    }

    /**
     * The card of the fault the user moves: placed by position, it is the event right after event {@code faultAfter}
     * (it fires as the next action); at its scene time, the first fault event of its kind.
     */
    private static int movableCard(List<StepEvent> events, String kind, int faultAfter) {
        int first = events.isEmpty() ? 1 : events.get(0).number();
        int placed = faultAfter - (first - 1);
        if (faultAfter >= 0 && placed >= 0 && placed < events.size() && events.get(placed).kind() == StepKind.FAULT) {
            return placed;
        }
        for (int i = 0; i < events.size(); i++) {
            StepEvent event = events.get(i);
            if (event.kind() == StepKind.FAULT && (kind == null || event.text().startsWith(kind + " "))) {
                return i;
            }
        }
        return -1;
    }

    /** Lanes in the trace's order, with a line saying what each machine is. */
    static List<TimelineLane> lanes(StepTrace trace) {
        List<TimelineLane> lanes = new ArrayList<>();
        for (String id : trace.lanes()) {
            lanes.add(new TimelineLane(id, laneTitle(id), laneSubtitle(id)));
        }
        return lanes;
    }

    private static String laneTitle(String id) {
        if (id.equals("client")) {
            return "client producer";
        }
        if (id.equals(StepEvent.FAULT_LANE)) {
            return "faults";
        }
        return id;
    }

    private static String laneSubtitle(String id) {
        if (id.equals("client")) {
            return "sends the journal";
        }
        if (id.startsWith("broker-")) {
            return "replicas, page cache";
        }
        if (id.startsWith("app-")) {
            return "stream task, store";
        }
        if (id.equals(StepEvent.FAULT_LANE)) {
            return "drag the red card";
        }
        return "elections, fencing";
    }

    /** The card's bold line: the kind of event, the fault's own kind for a fault. */
    static String title(StepEvent event) {
        if (event.kind() == StepKind.FAULT) {
            String kind = event.text().split(" ", 2)[0];
            return kind.replace('-', ' ');
        }
        switch (event.kind()) {
            case FOLLOWER_FETCH:
                return "fetch";
            case LEADER_APPEND:
                return "append";
            case FLUSH:
                return "fsync";
            case WRITEBACK:
                return "writeback";
            case HW_ADVANCE:
                return "HW advance";
            case POLL:
                return "poll";
            case OFFSET_COMMIT:
                return "offset commit";
            case TXN_MARKER:
                return "txn marker";
            case TRUNCATION:
                return "lost";
            case RESTORE:
                return "restore";
            case ELECTION:
                return "election";
            case NOTE:
                return noteTitle(event.text());
            default:
                return event.kind().label();
        }
    }

    /** A NOTE card's bold line: the gist of the simulator's sentence. */
    static String noteTitle(String text) {
        String[][] gists = {
            {"is assigned to", "assigned"}, {"auto.offset.reset", "offset reset"}, {"simplification", "simplified"},
            {"rejoins the ISR", "ISR grows"}, {"ISR", "ISR shrinks"}, {"fence", "fenced"}, {"retries", "retry"},
            {"gives up", "send failed"}, {"epoch", "epoch bump"}, {"session.timeout", "session expired"},
            {"closes task", "task closed"}, {"resumes task", "task resumes"}, {"commit", "commit"},
            {"abort", "abort"},
        };
        for (String[] gist : gists) {
            if (text.contains(gist[0])) {
                return gist[1];
            }
        }
        return "note";
    }

    /** The card's second line: partition (short) and entries, e.g. "journal-0 e1 e2". */
    static String detail(StepEvent event) {
        StringBuilder text = new StringBuilder(event.partition().replace("__consumer_offsets", "offsets"));
        List<Integer> entries = event.entries();
        int shown = 0;
        for (int entry : entries) {
            if (shown++ == 3) {
                text.append(" …");
                break;
            }
            text.append(text.length() == 0 ? "" : " ").append('e').append(entry);
        }
        return text.toString();
    }

    /**
     * The picture after one step: the entries' states and the balances the running stores hold, both read from the
     * simulator, and the expected balances: the journal applied once, in order, for every entry the client has sent
     * so far (the ground truth the forensics judge against).
     */
    private static TimelineStep picture(List<EntryState> states, Map<String, Long> store, List<JournalEntry> journal) {
        int sent = 0;
        for (EntryState state : states) {
            if (state.everSent()) {
                sent = Math.max(sent, state.entry() + 1);
            }
        }
        Map<String, Long> expected = new TreeMap<>(GroundTruth.of(journal.subList(0, sent)).balances());
        return new TimelineStep(states, store, expected);
    }

    /**
     * Where each entry the forensics found lost or applied twice was doomed. A lost entry: at the card, at or after the
     * fault, that took away the last copy of its journal record (a page cache lost in the power cut, a truncation to
     * the new leader's epoch); when its journal record survived, at the last card that took away a copy of its effect
     * (changelog, offsets); else at the fault. An entry applied twice: at the fault, which stopped the task between
     * writing its effect and committing its offset.
     */
    static Map<Integer, Integer> doomed(List<TimelineCard> cards, LogRunResult result, int faultCard) {
        Map<Integer, Integer> doomed = new LinkedHashMap<>();
        if (faultCard < 0) {
            return doomed;
        }
        Map<Integer, Integer> lastJournalLoss = new HashMap<>();
        Map<Integer, Integer> lastLoss = new HashMap<>();
        for (int i = faultCard; i < cards.size(); i++) {
            TimelineCard card = cards.get(i);
            if (!card.loses()) {
                continue;
            }
            for (int entry : card.entries()) {
                lastLoss.put(entry, i);
                if (card.partition().startsWith("journal-")) {
                    lastJournalLoss.put(entry, i);
                }
            }
        }
        for (int entry : result.lostEntries()) {
            doomed.put(entry, lastJournalLoss.getOrDefault(entry, lastLoss.getOrDefault(entry, faultCard)));
        }
        for (int entry : result.duplicateEntries()) {
            doomed.putIfAbsent(entry, faultCard);
        }
        return doomed;
    }
}
