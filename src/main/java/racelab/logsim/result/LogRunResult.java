package racelab.logsim.result;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
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
 * @param outputs the audit of each output: live store, changelog restore, applied topic ({@link OutputAudit})
 * @param unexplained differences no mechanism of the simulator explains (a simulator or audit bug); empty normally
 * @param budget empty when the run reached its end time; else "did not settle within N events: ..." (the run spent
 *     its event budget first and was stopped there; the audit covers only the part that ran)
 */
// Jackson orders the derived getters by reflection, which differs between JVM processes: fixed here, in the order
// most runs printed, so `log --json` is byte-identical from run to run (docs/log-outputs.sh compares bytes).
@JsonPropertyOrder({"scene", "title", "seed", "settings", "entries", "accounts", "wrongAccounts", "lostEntries",
        "duplicateEntries", "wronglyDecided", "appliedExactlyOnce", "conserved", "expectedTotal", "actualTotal", "causes",
        "appliedOutputDuplicates", "unprocessedEntries", "simulatedMs", "events", "snapshots", "trace", "narration", "fix",
        "modes", "outputs", "unexplained", "budget", "correct", "settled", "conservedMeans"})
public record LogRunResult(String scene, String title, long seed, Map<String, String> settings, int entries, int accounts,
        List<WrongAccount> wrongAccounts, List<Integer> lostEntries, List<Integer> duplicateEntries,
        List<Integer> wronglyDecided, int appliedExactlyOnce, boolean conserved, long expectedTotal, long actualTotal,
        List<String> causes, int appliedOutputDuplicates, int unprocessedEntries, long simulatedMs, long events,
        List<ClusterSnapshot> snapshots, List<TraceEvent> trace, String narration, Map<String, String> fix,
        List<String> modes, List<OutputAudit> outputs, List<String> unexplained, String budget) {

    /** Whether the run reached its end time within its budget of events. */
    @JsonProperty("settled")
    public boolean settled() {
        return budget.isEmpty();
    }

    /** What "money conserved" proves, in the words every output uses. */
    public static final String CONSERVED_MEANS = "money conserved only means the balances add up to the deposits; it "
            + "does not prove any balance is right: a lost transfer or one applied twice to both accounts moves money "
            + "between accounts without creating any";

    /**
     * True only when nothing was lost, duplicated or wrongly decided in any output (live store, changelog restore,
     * applied topic), every balance is right, every entry was processed, and the sum is right.
     */
    @JsonProperty("correct")
    public boolean correct() {
        if (!wrongAccounts.isEmpty() || !lostEntries.isEmpty() || !duplicateEntries.isEmpty() || !wronglyDecided.isEmpty()
                || !conserved || unprocessedEntries > 0 || appliedOutputDuplicates > 0 || !unexplained.isEmpty()) {
            return false;
        }
        for (OutputAudit audit : outputs) {
            if (audit.available() && !audit.clean()) {
                return false;
            }
        }
        return true;
    }

    @JsonProperty("conservedMeans")
    public String conservedMeans() {
        return CONSERVED_MEANS;
    }

    /** The audit of one output by name ({@link OutputAudit#STORE}, CHANGELOG, APPLIED), or null. */
    public OutputAudit output(String name) {
        for (OutputAudit audit : outputs) {
            if (audit.output().equals(name)) {
                return audit;
            }
        }
        return null;
    }
}
