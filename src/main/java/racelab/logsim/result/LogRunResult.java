package racelab.logsim.result;

import java.util.List;
import java.util.Map;

/**
 * The immutable outcome of one log simulation run. The header (scene, seed, settings) is enough to replay it.
 *
 * @param settings the settings the run used that differ from Kafka's defaults
 * @param entries journal entries (openings included)
 * @param wrongAccounts accounts whose recovered balance is wrong, with the responsible entries
 * @param lostEntries entries applied in the ground truth but missing from at least one account they touch
 * @param duplicateEntries entries applied more than once to at least one account
 * @param wronglyDecided entries whose applied/rejected decision differs from the ground truth
 * @param appliedExactlyOnce entries whose effect is present exactly as often as the ground truth says (0 or 1)
 * @param causes catalog modes found, sorted
 * @param appliedOutputDuplicates entry ids that appear more than once as applied in the applied topic
 * @param snapshots cluster views before the fault, after each fault and after recovery
 * @param budget empty when the run reached its end time; else "did not settle within N events: ..." (the run spent
 *     its event budget first and was stopped there; the audit covers only the part that ran)
 */
public record LogRunResult(String scene, String title, long seed, Map<String, String> settings, int entries, int accounts,
        List<WrongAccount> wrongAccounts, List<Integer> lostEntries, List<Integer> duplicateEntries,
        List<Integer> wronglyDecided, int appliedExactlyOnce, boolean conserved, long expectedTotal, long actualTotal,
        List<String> causes, int appliedOutputDuplicates, int unprocessedEntries, long simulatedMs, long events,
        List<ClusterSnapshot> snapshots, List<TraceEvent> trace, String narration, Map<String, String> fix,
        List<String> modes, String budget) {

    /** Whether the run reached its end time within its budget of events. */
    public boolean settled() {
        return budget.isEmpty();
    }

    /** True when nothing was lost, duplicated or wrongly decided and the sum is right. */
    public boolean correct() {
        return wrongAccounts.isEmpty() && lostEntries.isEmpty() && duplicateEntries.isEmpty() && conserved;
    }
}
