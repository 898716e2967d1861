package racelab.ui.balances;

import java.util.List;
import racelab.scenario.Constraint;

/**
 * What one account bar shows at one replay position.
 *
 * @param previousBalance balance one event earlier, where the bar animates from
 * @param violated the balance breaks the account's constraint right now
 * @param anomalies names of anomalies about this account already visible at this position
 * @param rangeMin lowest balance of this account anywhere in the run (at most 0), so the bar keeps one scale
 * @param rangeMax highest balance of this account anywhere in the run (at least 0)
 * @param members for a rule on a sum of accounts (a group), the accounts summed; empty for a plain account
 * @param notOpenedYet the account is one a transfer opens and no row of it is committed yet; the bar shows the
 *     balance it is opened with (0)
 */
public record AccountBalance(
        String account,
        Constraint constraint,
        long balance,
        long previousBalance,
        boolean violated,
        List<String> anomalies,
        long rangeMin,
        long rangeMax,
        List<String> members,
        boolean notOpenedYet) {

    public AccountBalance {
        anomalies = List.copyOf(anomalies);
        members = List.copyOf(members);
    }

    /** Whether this row is a rule on a sum of accounts rather than one account. */
    public boolean group() {
        return !members.isEmpty();
    }
}
