package racelab.crosscheck;

import java.util.List;
import racelab.logsim.result.WrongAccount;

/**
 * The audited outcome of one real run: the same fields the simulator's {@code LogRunResult} reports, from real topics.
 *
 * @param lostEntries entries the ground truth applies whose effect is missing from an account after the final restore
 * @param duplicateEntries entries whose effect is present more than once on an account
 * @param wronglyDecided entries applied although the ground truth rejects them
 * @param causes catalog modes that explain the findings (F1, F4, F5, F14...), plus "unexplained" if any is not
 * @param appliedOutputDuplicates entry ids that appear more than once as applied in the applied topic
 * @param unprocessedEntries entries never processed before the run ended (a harness problem if not 0)
 * @param wallMs wall time of the run, brokers included
 * @param brokerStartMs wall time from launching the broker JVMs until all were ready
 * @param brokerRssKb resident set size of broker 1 once ready
 * @param timeScale how many times faster than the scene the run went (all time settings divided by it)
 * @param notes what happened that a reader should know (task owners at a fault, restarts)
 */
public record RealRunResult(int run, List<WrongAccount> wrongAccounts, List<Integer> lostEntries,
        List<Integer> duplicateEntries, List<Integer> wronglyDecided, boolean conserved, long expectedTotal,
        long actualTotal, List<String> causes, int appliedOutputDuplicates, int unprocessedEntries, long wallMs,
        long brokerStartMs, long brokerRssKb, double timeScale, List<String> notes) {
}
