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

    @Override
    public void apply(LaneContext lane) throws SQLException {
        for (String id : lane.affectedAccounts()) {
            long expectedVersion = lane.checkedVersions().get(id);
            Long delta = lane.deltas().get(id);
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
                + "request again (at most " + ATTEMPTS + " attempts), now reading the new balance. Rows that are only "
                + "read for a group rule get their version bumped too, so write skew is caught as well.";
    }

    @Override
    public String tradeOff() {
        return "No locks held while the app thinks, so uncontended requests are as fast as naive and readers never "
                + "wait. Under contention every conflict costs a full retry, work is wasted, latency grows, and with a "
                + "retry bound a hot account turns into failed requests. Needs a schema change and discipline: every "
                + "writer must bump the version.";
    }
}
