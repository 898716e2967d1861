package racelab.ledger;

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

    @Override
    public String explanation() {
        return "The app code stays naive, but the account table carries CHECK ((rule <> 'non-negative' OR balance >= 0) "
                + "AND (rule <> 'non-positive' OR balance <= 0)). When the stale decision is applied, the database "
                + "rejects the row with SQLState 23513 on H2 (23514 on PostgreSQL) and the app rolls back. A CHECK sees "
                + "one row, so it cannot protect a rule on the sum of several accounts (write skew), and it cannot "
                + "notice a lost update that leaves the balance within bounds.";
    }

    @Override
    public String tradeOff() {
        return "Almost free at run time and impossible to bypass by any writer, so it is the right backstop whatever "
                + "else you do. It turns the bug into an error the user sees instead of a declined request, and it "
                + "only expresses per-row rules.";
    }
}
