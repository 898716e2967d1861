package racelab.ledger;

import java.sql.SQLException;

/** {@code check-constraint}: the naive code with a database CHECK as the last line of defence. */
final class CheckConstraintMitigation extends CheckThenAct {

    /** H2's SQLState for a CHECK violation (PostgreSQL says 23514). */
    static final String CHECK_VIOLATION = "23513";

    @Override
    public String id() {
        return "check-constraint";
    }

    @Override
    public String title() {
        return "Database CHECK constraint";
    }

    @Override
    public boolean usesCheckConstraint() {
        return true;
    }

    /**
     * Writes both rows in account-id order: the one change to the naive code besides the constraint, so that opposite
     * transfers queue on the same first row instead of deadlocking.
     */
    @Override
    public void apply(LaneContext lane) throws SQLException {
        lane.writeInAccountIdOrder();
    }

    @Override
    public String explanation() {
        return "The app code stays naive, but the account table carries CHECK ((rule <> 'non-negative' OR balance >= 0) "
                + "AND (rule <> 'non-positive' OR balance <= 0)). When the stale decision is applied, the database "
                + "rejects the row with SQLState 23513 on H2 (23514 on PostgreSQL) and the app rolls back. A CHECK sees "
                + "one row, so it cannot protect a rule on the sum of several accounts (write skew), and it cannot "
                + "notice a lost update that leaves the balance within bounds. The two rows are written in account-id order, so "
                + "opposite transfers do not deadlock.";
    }

    @Override
    public String tradeOff() {
        return "Almost free at run time and impossible to bypass by any writer, so it is the right backstop whatever "
                + "else you do. It turns the bug into an error the user sees instead of a declined request, and it "
                + "only expresses per-row rules.";
    }
}
