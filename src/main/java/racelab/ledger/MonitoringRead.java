package racelab.ledger;

import java.sql.SQLException;

/**
 * Runs a read-only monitoring query, repeating it a bounded number of times when H2 fails internally.
 *
 * <p>Why: reading {@code INFORMATION_SCHEMA.SESSIONS} while another session commits can fail inside H2 2.4 with a
 * NullPointerException on that session's transaction, reported as error code 50000 with SQLState HY000 (seen about once in 35,000
 * explorer runs, more often on a loaded machine). The read changes nothing, so repeating it is safe, and no caller
 * of the engine should see it. Immediate repeats can hit the same half-finished commit (seen in CI: five in a row),
 * so each repeat first waits a little longer, up to a millisecond; the bound keeps a persistent failure visible.
 */
final class MonitoringRead {

    /**
     * H2's vendor error code for an internal error ({@code org.h2.api.ErrorCode.GENERAL_ERROR_1}). H2 reports it with
     * SQLState HY000, not 50000: the number lives in {@link SQLException#getErrorCode()}, so that is what is tested.
     */
    static final int GENERAL_ERROR_CODE = 50000;
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
                if (failure.getErrorCode() != GENERAL_ERROR_CODE || attempt >= ATTEMPTS_MAX) {
                    throw failure;
                }
                // Lets the committing session finish; the monitor thread holds no lock another lane waits for.
                java.util.concurrent.locks.LockSupport.parkNanos(Math.min(BACKOFF_NANOS_MAX, 20_000L * attempt));
            }
        }
    }
}
