package racelab.walkthrough;

import java.util.List;

/**
 * What happened in one walkthrough session, for the report: immutable, no JavaFX.
 *
 * @param when a human-readable date and time of the export
 * @param track which path was run
 * @param interviewMode whether answers were hidden until revealed
 * @param stops the stops of the path, in order (visited or not)
 */
public record SessionRecord(String walkthroughTitle, String walkthroughFile, String when, Walkthrough.Track track,
        boolean interviewMode, List<StopRecord> stops) {

    public SessionRecord {
        stops = List.copyOf(stops);
    }

    /**
     * One stop as it went.
     *
     * @param prediction what the candidate predicted, or null
     * @param answer the measured answer, or null when not measured (not revealed, or no prediction)
     * @param right whether the prediction matched the real run, or null when there was nothing to check
     * @param challengeMoves moves made in a challenge (0 otherwise)
     * @param bestMoves fewest moves of any solved attempt remembered for this challenge, or -1
     * @param outcome one line naming the real run's outcome, or null when the stop was not run
     * @param picture PNG of the stop's key step, or null
     */
    public record StopRecord(String id, String title, String scene, int minutes, boolean visited, boolean revealed,
            String predictionPrompt, String prediction, String answer, String answerSource, Boolean right,
            int hintsUsed, int hintsTotal, String challenge, int challengeMoves, boolean challengeWon,
            boolean solutionShown, int bestMoves, String notes, String outcome, byte[] picture) {
    }

    /** Predictions checked against a real run, and how many were right. */
    public int[] predictionScore() {
        int checked = 0;
        int right = 0;
        for (StopRecord stop : stops) {
            if (stop.right() != null) {
                checked++;
                right += stop.right() ? 1 : 0;
            }
        }
        return new int[] {right, checked};
    }
}
