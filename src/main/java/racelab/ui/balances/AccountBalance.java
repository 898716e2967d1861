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
 */
public record AccountBalance(
        String account,
        Constraint constraint,
        long balance,
        long previousBalance,
        boolean violated,
        List<String> anomalies,
        long rangeMin,
        long rangeMax) {

    public AccountBalance {
        anomalies = List.copyOf(anomalies);
    }
}
