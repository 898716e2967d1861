package racelab.ui.logtimeline;

/**
 * One swimlane of the log timeline: the client producer, a broker, an app instance (its stream tasks), or the
 * fault lane.
 *
 * @param id the machine id the engine's events name ({@code client}, {@code broker-2}, {@code app-1}), or
 *     {@link #FAULT} for the fault lane
 * @param subtitle one short line under the title, e.g. "leader of journal-0"
 */
public record TimelineLane(String id, String title, String subtitle) {

    /** The id of the lane that holds the fault card. */
    public static final String FAULT = "fault";

    public boolean isFault() {
        return id.equals(FAULT);
    }
}
