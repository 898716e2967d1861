package racelab.scenario;

/**
 * One API request moving money; each transfer is one lane on the timeline.
 *
 * @param amount whole currency units, always positive
 */
public record Transfer(String id, String from, String to, long amount) {
}
