package racelab.ledger;

import java.sql.SQLException;

/**
 * Runs a read-only monitoring query, repeating it a bounded number of times when H2 fails internally.
 *
 * <p>Why: reading {@code INFORMATION_SCHEMA.SESSIONS} while another session commits can fail inside H2 2.4 with a
 * NullPointerException on that session's transaction, reported as SQLState 50000 (seen about once in 35,000
 * explorer runs, more often on a loaded machine). The read changes nothing, so repeating it is safe, and no caller
 * of the engine should see it. Immediate repeats can hit the same half-finished commit (seen in CI: five in a row),
 * so each repeat first waits a little longer, up to a millisecond; the bound keeps a persistent failure visible.
 */
final class MonitoringRead {

    /** H2's SQLState for an internal error. */
    static final String GENERAL_ERROR = "50000";
    static final int ATTEMPTS_MAX = 50;
    private static final long BACKOFF_NANOS_MAX = 1_000_000;

    /** One read; may be called again after it failed. */
    interface Read<T> {
        T read() throws SQLException;
    }

    private MonitoringRead() {
    }

    static <T> T withRetry(Read<T> read) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.read();
            } catch (SQLException failure) {
                if (!GENERAL_ERROR.equals(failure.getSQLState()) || attempt >= ATTEMPTS_MAX) {
                    throw failure;
                }
                // Lets the committing session finish; the monitor thread holds no lock another lane waits for.
                java.util.concurrent.locks.LockSupport.parkNanos(Math.min(BACKOFF_NANOS_MAX, 20_000L * attempt));
            }
        }
    }
}
