package racelab.bench;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one run of one mitigation with one worker count produced.
 *
 * <p>Counters cover the whole run, warm-up included, so that {@code applied + declined + failed == requested}
 * can be checked; throughput and latency cover the measured phase only.
 *
 * @param requested transfers the workers sent
 * @param applied transfers that committed
 * @param declined transfers refused, by the application's check or by the database (a CHECK constraint)
 * @param declinedByDatabase the part of {@code declined} the database refused (SQLState 23513/23514)
 * @param failed transfers given up: out of attempts, or an error that is not worth retrying
 * @param failuresByReason {@code failed}, split by reason (SQLState, "out of attempts", exception class)
 * @param attemptsAllowed tries per transfer under the mitigation's retry policy (1 = no retry)
 * @param retries extra attempts, after an abort or a lost compare-and-set
 * @param abortsBySqlState database refusals seen by attempts, by SQLState (constraint refusals included)
 * @param deadlocks the part of the aborts that were lock cycles
 * @param violations committed updates that moved an account outside its balance rule (audited by a trigger)
 * @param accountsOutsideRuleAtEnd accounts outside their rule when the run ended
 * @param moneyBefore sum of all balances before the run
 * @param moneyAfter sum of all balances after the run; equal to {@code moneyBefore} when money is conserved
 * @param measuredTransfers transfers completed in the measured phase
 * @param measuredSeconds length of the measured phase
 * @param p50Micros median latency of a measured transfer, retries included, in microseconds
 */
public record RunStats(
        long requested,
        long applied,
        long declined,
        long declinedByDatabase,
        long failed,
        Map<String, Long> failuresByReason,
        int attemptsAllowed,
        long retries,
        Map<String, Long> abortsBySqlState,
        long deadlocks,
        long violations,
        long accountsOutsideRuleAtEnd,
        long moneyBefore,
        long moneyAfter,
        long measuredTransfers,
        double measuredSeconds,
        double transfersPerSecond,
        double p50Micros,
        double p95Micros,
        double p99Micros,
        double maxMicros) {

    public RunStats {
        abortsBySqlState = java.util.Collections.unmodifiableMap(new TreeMap<>(abortsBySqlState));
        failuresByReason = java.util.Collections.unmodifiableMap(new TreeMap<>(failuresByReason));
    }

    /** Every request ended as exactly one of applied, declined, failed. */
    public boolean accountedFor() {
        return applied + declined + failed == requested;
    }

    public boolean moneyConserved() {
        return moneyBefore == moneyAfter;
    }

    public long aborts() {
        long sum = 0;
        for (Map.Entry<String, Long> entry : abortsBySqlState.entrySet()) {
            sum += entry.getValue();
        }
        return sum;
    }
}
