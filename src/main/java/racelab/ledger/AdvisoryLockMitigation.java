package racelab.ledger;

import java.sql.SQLException;

/**
 * {@code advisory-lock}: PostgreSQL advisory locks, one per account, taken in account-id order before the check
 * ({@code pg_advisory_xact_lock}, released at COMMIT or ROLLBACK). PostgreSQL only: H2 has no advisory locks.
 *
 * <p>Source: PostgreSQL documentation, 13.3.5 "Advisory Locks" and the "Advisory Lock Functions" table.
 */
final class AdvisoryLockMitigation extends CheckThenAct {

    /**
     * The lock key: the first 64 bits of md5(schema/account), so every account of this scene has its own key and no
     * other schema on the server (another run, another user) shares it: advisory locks are per database, not per
     * schema.
     */
    static final String LOCK_SQL = "SELECT pg_advisory_xact_lock(('x' || substr(md5(current_schema() || '/' || ?), 1, 16))"
            + "::bit(64)::bigint)";

    @Override
    public String id() {
        return "advisory-lock";
    }

    @Override
    public String title() {
        return "PostgreSQL advisory lock per account, in id order";
    }

    @Override
    public void check(LaneContext lane) throws SQLException {
        for (String id : lane.affectedAccountsInIdOrder()) {
            lane.execute(LOCK_SQL, id);
        }
        lane.note("holds the transaction-scoped advisory lock(s) of " + String.join(", ",
                lane.affectedAccountsInIdOrder()) + " (key: first 64 bits of md5(schema/account)); PostgreSQL "
                + "releases them at COMMIT or ROLLBACK");
        super.check(lane);
    }

    @Override
    public String explanation() {
        return "Before the check the transaction takes one PostgreSQL advisory lock per affected account with "
                + "pg_advisory_xact_lock, always in account-id order, and PostgreSQL releases them at COMMIT or "
                + "ROLLBACK. An advisory lock guards no row: it is a named mutex in the database server, so every app "
                + "instance that talks to the same database queues on it, unlike an in-process lock. The check then "
                + "reads at READ COMMITTED, which sees the latest committed balance, and decides on current data. It "
                + "only protects code that takes the lock: a writer that skips it (a batch job, a migration) races "
                + "as before, and a check that reads a replica still reads stale data. PostgreSQL only: H2 has no "
                + "advisory locks.";
    }

    @Override
    public String tradeOff() {
        return "Serialises requests per account like SELECT ... FOR UPDATE, without touching the rows, so it can guard "
                + "things that are not rows (an external call, a whole workflow). The cost: every writer must agree on "
                + "the keys and the order, nothing enforces it, and the locks live in one database server (PostgreSQL "
                + "only; measured on PostgreSQL).";
    }
}
