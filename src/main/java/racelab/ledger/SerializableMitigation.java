package racelab.ledger;

/** {@code serializable}: SERIALIZABLE with bounded retry; on H2 that is snapshot isolation. */
final class SerializableMitigation extends CheckThenAct {

    static final int ATTEMPTS = 3;

    @Override
    public String id() {
        return "serializable";
    }

    @Override
    public String title() {
        return "SERIALIZABLE + retry (snapshot isolation on H2)";
    }

    @Override
    public int isolationLevel() {
        return java.sql.Connection.TRANSACTION_SERIALIZABLE;
    }

    @Override
    public String isolationName() {
        return "SERIALIZABLE (on H2 this is snapshot isolation: no write-skew protection)";
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
    public boolean retriesOn(String sqlState) {
        return "40001".equals(sqlState);
    }

    @Override
    public String explanation() {
        return "Runs the naive code at SERIALIZABLE and retries the whole transaction on SQLState 40001, at most "
                + ATTEMPTS + " attempts. On PostgreSQL this is true serializable snapshot isolation (SSI): it tracks "
                + "read/write dependencies and aborts one of two transactions that would form write skew. H2 is "
                + "honest about less: its SERIALIZABLE shares the SNAPSHOT code, with no read-set tracking, so it "
                + "stops conflicts on the same row (first updater wins, then the retry re-reads and declines) but it "
                + "does NOT prevent write skew: two transactions that read both rows and write different ones both "
                + "commit. On H2 the write-skew scene stays violated under this mitigation; on PostgreSQL one of them "
                + "would get 40001 at COMMIT, but only because both run SERIALIZABLE: SSI tracks the reads and "
                + "writes of serializable transactions only, so a writer at READ COMMITTED or REPEATABLE READ (a "
                + "batch job, another service) can still complete the skew (PostgreSQL docs, 13.2.3 Serializable "
                + "Isolation Level). Deadlock victims (40P01 on PostgreSQL) are retried as well, as PostgreSQL's "
                + "docs advise (13.5 Serialization Failure Handling).";
    }

    @Override
    public String tradeOff() {
        return "The simplest correct fix on PostgreSQL, if every writer of these rows runs SERIALIZABLE: no lock "
                + "ordering to get right, and the rule may span any rows. "
                + "You pay with aborts under contention (every retry repeats the work and adds latency; a retry "
                + "bound turns a hot spot into errors) and with SSI's bookkeeping. It cannot be demonstrated for write "
                + "skew on H2.";
    }
}
