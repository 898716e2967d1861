package racelab.ui.logtimeline;

import java.util.List;

/**
 * One event of the run, drawn as one card in its machine's lane.
 *
 * @param event the event's position in the run's trace, from 0
 * @param lane the lane id ({@link TimelineLane#id()})
 * @param kind the engine's event kind, e.g. {@code leader-append}; the card's look follows it
 * @param title the short bold line on the card, e.g. "append"
 * @param detail one line under it, e.g. "journal-0 @3 e2"
 * @param text the whole sentence for the tooltip and the step narration
 * @param entries journal entries whose records the event touches
 * @param fault whether this is the fault the user can drag
 * @param loses whether the event destroys records (a page cache lost, a log truncated, a store wiped)
 * @param partition the partition it touched ({@code journal-0}), or empty
 * @param boundary whether it ends its simulator step: a fault falls only between steps, so only the gap after such
 *     a card is a place of its own
 */
public record TimelineCard(int event, String lane, String kind, String title, String detail, String text,
        long timeMs, List<Integer> entries, boolean fault, boolean loses, String partition, boolean boundary) {

    public TimelineCard {
        entries = List.copyOf(entries);
    }

    /** Whether the card belongs on screen while the timeline is filtered to one entry (null: no filter). */
    public boolean touches(Integer entry) {
        return entry == null || fault || entries.contains(entry);
    }
}
