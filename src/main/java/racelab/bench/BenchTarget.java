package racelab.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import racelab.scenario.Account;
import racelab.scenario.Transfer;

/**
 * One mitigation as the load benchmark drives it: install the ledger, then run whole transfers on a worker's own
 * connection. The bench owns threads, retries, timing and auditing; the target owns the SQL.
 *
 * <p>One instance serves all workers of one run (an app lock or a single writer lives in it), and is closed after
 * the run.
 */
public interface BenchTarget extends AutoCloseable {

    /** Mitigation id, e.g. {@code for-update}. */
    String id();

    /**
     * Creates a fresh database holding the opening accounts in the target's own schema. The bench owns the
     * result: it opens the workers' connections on it and closes it after the run.
     */
    BenchDatabase install(List<Account> accounts) throws SQLException;

    /** Sets up one worker's connection before the run (isolation level, lock timeout). */
    default void prepareWorker(Connection connection) throws SQLException {
    }

    /**
     * Runs one complete try of {@code transfer}. On return no transaction may be left open: the try committed
     * ({@link AttemptOutcome#APPLIED}) or rolled back. A refusal by the database is thrown as the
     * {@link SQLException}; the bench rolls back, classifies it by SQLState and decides whether to retry.
     */
    AttemptOutcome attempt(Connection connection, Transfer transfer) throws SQLException;

    /**
     * Tries per transfer, counting the first, when the mitigation has its own retry policy; {@code 0} means "use
     * the bench's {@code --max-attempts}".
     */
    default int maxAttempts() {
        return 0;
    }

    /** Whether an attempt refused with this SQLState is tried again (when attempts are left). */
    default boolean retriesOn(String sqlState) {
        return SqlStates.retryable(sqlState);
    }

    /** Where the balances are, for the audit trigger and the end-of-run checks. */
    AccountsTable accountsTable();

    /**
     * Installs the audit that counts every committed update moving an account out of its rule; by default H2's
     * Java trigger ({@link ViolationAudit}).
     */
    default void installAudit(BenchDatabase database, List<Account> accounts) throws SQLException {
        ViolationAudit.install(database.admin(), accountsTable(), accounts);
    }

    /** Releases what the target holds for the run (a writer thread, its connection). */
    @Override
    default void close() {
    }
}
