package racelab.ui.logtimeline;

import java.util.List;
import java.util.Map;
import racelab.logsim.model.JournalEntry;
import racelab.logsim.result.LogRunResult;

/**
 * One run of a log scene as the timeline page shows it: lanes, one card per event, and the picture after every
 * event. Immutable and built once per run off the FX thread; the page only moves a cursor over it.
 *
 * @param result the simulator's result (verdict, forensics)
 * @param cards one per event, in the order they happened
 * @param journal the journal entries the chips stand for
 * @param steps {@code cards.size() + 1} pictures: {@code steps.get(k)} is after the first {@code k} events
 * @param doomedAtEvent entry id to the event after which it could no longer end up right (the card to mark)
 * @param faultAfter where the fault stands: after event {@code faultAfter} of the run without it (the gap the card
 *     was dropped in); -1 when the run has no movable fault
 * @param firstEvent how many events of the run come before {@code cards.get(0)}: 0 for a step scene, more when a
 *     big scene's timeline shows only a window of events around its fault
 * @param windowed whether the cards are only a window of a longer run
 * @param dropPositions {@code cards.size() + 1} positions of the run without the fault: element {@code k} is where a
 *     drop of the fault card in the gap after the first {@code k} cards puts it ({@link DropPositions})
 */
public record TimelineRun(LogRunResult result, List<TimelineLane> lanes, List<TimelineCard> cards,
        List<JournalEntry> journal, List<TimelineStep> steps, Map<Integer, Integer> doomedAtEvent, int faultAfter,
        int firstEvent, boolean windowed, List<Integer> dropPositions) {

    public TimelineRun {
        lanes = List.copyOf(lanes);
        cards = List.copyOf(cards);
        journal = List.copyOf(journal);
        steps = List.copyOf(steps);
        doomedAtEvent = Map.copyOf(doomedAtEvent);
        dropPositions = List.copyOf(dropPositions);
        if (steps.size() != cards.size() + 1) {
            throw new IllegalArgumentException("a run of " + cards.size() + " events needs " + (cards.size() + 1)
                    + " pictures (the start and one after each event), got " + steps.size());
        }
        if (dropPositions.size() != cards.size() + 1) {
            throw new IllegalArgumentException("a run of " + cards.size() + " events has " + (cards.size() + 1)
                    + " gaps to drop the fault in, got " + dropPositions.size() + " positions");
        }
    }

    /**
     * Where a drop of the fault card in the gap after the first {@code cardsBefore} cards puts the fault: after that
     * event of the run without it.
     */
    public int dropPosition(int cardsBefore) {
        return dropPositions.get(cardsBefore);
    }

    /** The index of the fault card among {@link #cards()}, or -1. */
    public int faultCard() {
        for (int i = 0; i < cards.size(); i++) {
            if (cards.get(i).fault()) {
                return i;
            }
        }
        return -1;
    }
}
