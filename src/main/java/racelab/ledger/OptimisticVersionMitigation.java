package racelab.ledger;

import java.sql.SQLException;

/** {@code optimistic-version}: a version column compared and set in the UPDATE, retried when it moved. */
final class OptimisticVersionMitigation extends CheckThenAct {

    static final int ATTEMPTS = 3;

    @Override
    public String id() {
        return "optimistic-version";
    }

    @Override
    public String title() {
        return "Optimistic version compare-and-set + retry";
    }

    @Override
    public int maxAttempts() {
        return ATTEMPTS;
    }

    @Override
    public boolean retriesDeadlocks() {
        return true;
    }

    /**
     * Compares and sets the version only of the rows the decision depends on ({@link
     * LaneContext#decisionAccountsInRequestOrder}: an account this entry could push out of its rule, every member of
     * a group rule it could break, every row of an absolute write). A row the decision does not depend on, such as
     * the credited account of a plain debit, is written relatively and its version bumped without a compare, so a
     * hot credit account does not turn every concurrent payment into a retry; its new version still tells a
     * concurrent decision that does depend on it that it moved.
     */
    @Override
    public void apply(LaneContext lane) throws SQLException {
        java.util.List<String> decision = new java.util.ArrayList<>(lane.decisionAccountsInRequestOrder());
        java.util.List<String> touched = new java.util.ArrayList<>(lane.affectedAccounts());
        // Members that joined an open group before the check read it count for the decision like the others.
        decision.addAll(lane.joinedMembers());
        touched.addAll(lane.joinedMembers());
        for (String id : touched) {
            Long delta = lane.deltas().get(id);
            if (!decision.contains(id) || !lane.checkedVersions().containsKey(id)) {
                // Not compared: no rule of this decision depends on the row, or it is the account this request
                // opened in this very transaction (no other session can have seen or changed it).
                if (delta != null) {
                    lane.update(delta < 0
                            ? "UPDATE account SET balance = balance - ?, version = version + 1 WHERE id = ?"
                            : "UPDATE account SET balance = balance + ?, version = version + 1 WHERE id = ?",
                            Math.abs(delta), id);
                }
                continue;
            }
            long expectedVersion = lane.checkedVersions().get(id);
            int rows;
            if (delta == null) {
                rows = lane.update("UPDATE account SET version = version + 1 WHERE id = ? AND version = ?",
                        id, expectedVersion);
            } else if (lane.transfer().absoluteWrite()) {
                rows = lane.update("UPDATE account SET balance = ?, version = version + 1 WHERE id = ? AND version = ?",
                        lane.checkedBalances().get(id) + delta, id, expectedVersion);
            } else if (delta < 0) {
                rows = lane.update("UPDATE account SET balance = balance - ?, version = version + 1 WHERE id = ? "
                        + "AND version = ?", -delta, id, expectedVersion);
            } else {
                rows = lane.update("UPDATE account SET balance = balance + ?, version = version + 1 WHERE id = ? "
                        + "AND version = ?", delta, id, expectedVersion);
            }
            if (rows == 0) {
                throw lane.retry("0 rows: " + id + " is no longer at version " + expectedVersion
                        + ", someone changed it after the check");
            }
        }
    }

    @Override
    public String explanation() {
        return "Every account row carries a version number. The check remembers the versions it read; the UPDATE "
                + "changes the balance only WHERE version is still the one read, and increments it. If another "
                + "transaction got there first the UPDATE matches 0 rows, the app rolls back and runs the whole "
                + "request again (at most " + ATTEMPTS + " attempts), now reading the new balance. Only the rows the "
                + "decision depends on are compared: the debited account, and every member of a group rule the entry "
                + "could break (a member only read for the rule gets its version bumped too, so write skew is caught "
                + "as well); a credited account with no rule at risk is just updated, so a hot payee does not make "
                + "every payment retry. The compare-and-set UPDATE is still an UPDATE: it waits for an uncommitted "
                + "writer of the same row, then compares against the committed version. Deadlocks (40P01 on "
                + "PostgreSQL) are retried too, as PostgreSQL's docs advise.";
    }

    @Override
    public String tradeOff() {
        return "No locks held while the app thinks (only the UPDATE waits, for an uncommitted writer of the same "
                + "row), so uncontended requests are as fast as naive and plain readers never "
                + "wait. Under contention every conflict costs a full retry, work is wasted, latency grows, and with a "
                + "retry bound a hot account turns into failed requests. Needs a schema change and discipline: every "
                + "writer must bump the version.";
    }
}
