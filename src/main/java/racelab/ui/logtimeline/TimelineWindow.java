package racelab.ui.logtimeline;

/**
 * Which events of a run the timeline shows. A step scene shows all of them; a big scene (thousands of events) opens
 * a window around its fault so nothing on screen has thousands of cards.
 *
 * @param eventsBefore events shown before the fault (-1: the whole run)
 * @param eventsAfter events shown after the fault
 */
public record TimelineWindow(int eventsBefore, int eventsAfter) {

    /** Every event of the run: for step scenes. */
    public static final TimelineWindow WHOLE_RUN = new TimelineWindow(-1, -1);

    /** The window a big scene opens with: enough to see the fault's causes and its first consequences. */
    public static final TimelineWindow AROUND_FAULT = new TimelineWindow(40, 40);

    public boolean whole() {
        return eventsBefore < 0;
    }
}
