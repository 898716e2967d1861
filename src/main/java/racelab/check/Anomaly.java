package racelab.check;

/**
 * A named problem found after a run.
 *
 * @param account the account concerned, or null when the anomaly is about the whole ledger
 * @param stepIndex trace index where it first became visible, or -1 when only the end state shows it
 */
public record Anomaly(AnomalyType type, String account, String message, int stepIndex) {
}
