package racelab.ledger;

/**
 * {@code repeatable-read-retry}: the isolation level of {@code repeatable-read} (H2 SNAPSHOT, PostgreSQL REPEATABLE
 * READ) with the retry policy of {@code serializable}: a serialization failure (40001) or a deadlock victim (40P01)
 * rolls back and runs the whole request again. Isolation level and retry policy are separate choices; this is the
 * one that pairs snapshot reads with a retry, as PostgreSQL's docs advise for both error codes (PostgreSQL 17 docs,
 * 13.2.2 Repeatable Read Isolation Level and 13.5 Serialization Failure Handling).
 */
final class RepeatableReadRetryMitigation extends RepeatableReadMitigation {

    static final int ATTEMPTS = 3;

    @Override
    public String id() {
        return "repeatable-read-retry";
    }

    @Override
    public String title() {
        return "REPEATABLE READ + retry (H2 SNAPSHOT)";
    }

    @Override
    public int maxAttempts() {
        return ATTEMPTS;
    }

    @Override
    public boolean retriesOn(String sqlState) {
        return "40001".equals(sqlState);
    }

    @Override
    public boolean retriesDeadlocks() {
        return true;
    }

    @Override
    public String explanation() {
        return "The isolation level of repeatable-read with a retry policy: one snapshot per transaction, and when "
                + "an UPDATE hits a row another transaction changed and committed after that snapshot the database "
                + "refuses with 40001 (first updater wins); the app then rolls back and runs the whole request again "
                + "(at most " + ATTEMPTS + " attempts, deadlock victims too), so the retry reads a fresh snapshot and "
                + "decides again. That turns repeatable-read's failed double spend into a clean decline. It is still "
                + "snapshot isolation: write skew across rows passes on PostgreSQL as on H2, because no row is written "
                + "by both (only SERIALIZABLE, SSI, tracks the reads). And a retry is a new request to the database: "
                + "where repeatable-read's 40001 happened to stop a repeated request from applying twice, the retry "
                + "applies it after all unless the app carries an idempotency key.";
    }

    @Override
    public String tradeOff() {
        return "No extra locks for readers and no errors for the client on a same-row conflict; each conflict costs a "
                + "rollback and a full retry (latency, wasted work, and a retry bound that turns a hot account into "
                + "failed requests). Does not protect rules that span rows (write skew).";
    }
}
