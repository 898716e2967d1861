package racelab.check;

/**
 * How one lane ended, as the anomaly checks need it.
 *
 * @param committed whether the transfer's transaction committed
 * @param staleRead a sentence describing a check that read a replica value older than the primary's, or null
 */
public record LaneResult(String lane, boolean committed, String staleRead) {
}
