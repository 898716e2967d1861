package racelab.scenario;

import java.util.List;

/**
 * A rule on the sum of several accounts, e.g. a couple's two accounts that may each go negative as long as
 * together they stay at or above zero. Write skew breaks exactly this kind of rule.
 *
 * @param accounts the member account ids, in scene order
 */
public record GroupConstraint(String id, List<String> accounts, Constraint constraint) {

    public GroupConstraint {
        accounts = List.copyOf(accounts);
    }
}
