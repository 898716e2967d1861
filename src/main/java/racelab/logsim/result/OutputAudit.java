package racelab.logsim.result;

import java.util.List;

/**
 * The audit of one output of the ledger application against the ground truth (the journal applied in order).
 *
 * <ul>
 *   <li>{@code store}: the live stores of the instances running the tasks at the end (what a query would see);</li>
 *   <li>{@code changelog}: a fresh restore from the changelog (what the next instance would start from);</li>
 *   <li>{@code applied}: the applied/rejected topic as a consumer reads it (one decision per entry).</li>
 * </ul>
 *
 * @param available false when the output cannot be read at the end (e.g. no instance runs a task)
 * @param lost entries missing from this output (for the applied topic: entries with no decision record)
 * @param duplicated entries present more than once
 * @param wronglyDecided entries applied though the ground truth rejects them, or decided the other way
 * @param wrongAccounts accounts whose balance differs from the ground truth (0 for the applied topic)
 * @param causes catalog modes that explain this output's differences (pending, unexplained when none does)
 */
public record OutputAudit(String output, boolean available, List<Integer> lost, List<Integer> duplicated,
        List<Integer> wronglyDecided, int wrongAccounts, List<String> causes) {

    public static final String STORE = "store";
    public static final String CHANGELOG = "changelog";
    public static final String APPLIED = "applied";

    /** Nothing lost, duplicated or wrongly decided, and every balance right. */
    public boolean clean() {
        return lost.isEmpty() && duplicated.isEmpty() && wronglyDecided.isEmpty() && wrongAccounts == 0;
    }
}
