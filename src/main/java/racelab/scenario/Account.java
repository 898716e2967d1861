package racelab.scenario;

/**
 * An account of a ledger scene.
 *
 * @param balance opening balance in whole currency units, as written in the scene (always 0 for an account a
 *     transfer opens: it is inserted empty)
 * @param openedBy the lane that opens the account during the run (an INSERT in its {@code apply}), or null when the
 *     account exists from the start; until that lane commits, the account is no row of the database
 */
public record Account(String id, long balance, Constraint constraint, String openedBy) {

    /** An account that exists from the start. */
    public Account(String id, long balance, Constraint constraint) {
        this(id, balance, constraint, null);
    }

    /** Whether a transfer opens this account during the run (it does not exist at the start). */
    public boolean opened() {
        return openedBy != null;
    }
}
