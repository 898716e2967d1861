package racelab.ledger;

/**
 * {@code repeatable-read}: the naive code at H2 SNAPSHOT, the stand-in for PostgreSQL REPEATABLE READ, with no retry;
 * {@link RepeatableReadRetryMitigation} is the same isolation level with a retry policy.
 */
class RepeatableReadMitigation extends CheckThenAct {

    @Override
    public String id() {
        return "repeatable-read";
    }

    @Override
    public String title() {
        return "REPEATABLE READ (H2 SNAPSHOT)";
    }

    @Override
    public int isolationLevel() {
        return H2_SNAPSHOT;
    }

    @Override
    public String isolationName() {
        return "SNAPSHOT (H2's equivalent of PostgreSQL REPEATABLE READ)";
    }

    @Override
    public String explanation() {
        return "Same code, stronger isolation. The transaction reads one snapshot taken at its first statement, and "
                + "when it updates a row another transaction changed and committed after that snapshot, the database "
                + "refuses with SQLState 40001 (first updater wins). H2's SNAPSHOT level is used because it behaves "
                + "like PostgreSQL REPEATABLE READ in every measured case; H2's own REPEATABLE READ takes its snapshot "
                + "per table and allows read skew across tables. The app does not retry here, so the request fails "
                + "and the client must retry (repeatable-read-retry is the same level with the app retrying). It "
                + "stops lost updates and double spends on one row, not write skew across rows.";
    }

    @Override
    public String tradeOff() {
        return "No extra locks for readers; conflicts surface as 40001 errors under contention, so hot accounts turn "
                + "into failed requests (or retries, with their latency). Does not protect rules that span rows "
                + "(write skew).";
    }
}
