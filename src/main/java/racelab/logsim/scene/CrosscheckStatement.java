package racelab.logsim.scene;

/**
 * What a log scene file says about itself under {@code crosscheck:}: whether it can be run on real Kafka with real
 * processes ({@code crosscheck SCENE}, "Check against real Kafka…"), why or why not, and what a real run cannot show
 * the way the simulator does. The runner's own rules ({@code racelab.crosscheck.Crosscheckability}) decide what can
 * really run; the statement is the scene author's sentence for the reader, and a statement the rules contradict is
 * reported at {@link #location()} instead of being believed.
 *
 * @param checkable the scene, as written and with its fix, can run on real Kafka
 * @param reason how its faults map to real ones, or why it stays simulated only
 * @param limit for a checkable scene, what a real run shows differently (empty when nothing is known)
 * @param location {@code file:line:column} of the {@code crosscheck:} field, for messages that point at it
 */
public record CrosscheckStatement(boolean checkable, String reason, String limit, String location) {
}
