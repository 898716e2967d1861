package racelab.scenario;

/**
 * An account of a ledger scene.
 *
 * @param balance opening balance in whole currency units, as written in the scene
 */
public record Account(String id, long balance, Constraint constraint) {
}
