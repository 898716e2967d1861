package racelab.scenario;

/**
 * One step of a schedule, written {@code Tn.phase} in scenes and on the command line.
 *
 * @param lane the lane (transfer or worker) id, e.g. {@code T1}; for timeline events that belong to no transfer,
 *     such as {@code replica.replicate}, the name of the actor
 * @param phase {@code begin}, {@code check}, {@code apply}, {@code commit}, or an actor's own phase
 */
public record StepRef(String lane, String phase) {

    /** Parses {@code T1.check}; returns null when the text has no dot or an empty part. */
    public static StepRef parseOrNull(String text) {
        int dot = text.lastIndexOf('.');
        if (dot <= 0 || dot == text.length() - 1) {
            return null;
        }
        return new StepRef(text.substring(0, dot).trim(), text.substring(dot + 1).trim());
    }

    @Override
    public String toString() {
        return lane + "." + phase;
    }
}
