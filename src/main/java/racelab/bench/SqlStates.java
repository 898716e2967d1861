package racelab.bench;

import java.sql.SQLException;

/**
 * How the bench treats a database refusal, by SQLState (never by message text), with H2's codes.
 *
 * <p>H2 reports both a deadlock and a snapshot write-write conflict as 40001 ("Deadlock detected"); the context
 * tells them apart: under READ COMMITTED a write never conflicts with a snapshot, so a 40001 there can only be a
 * lock cycle.
 */
public final class SqlStates {

    /** Serialization failure or deadlock: retry the whole transaction. */
    public static final String SERIALIZATION_FAILURE = "40001";
    /** PostgreSQL's deadlock code, in case a target reports it. */
    public static final String DEADLOCK_DETECTED = "40P01";
    /** H2 lock timeout (error code 50200). */
    public static final String LOCK_TIMEOUT = "HYT00";
    /** H2 CHECK constraint violation. */
    public static final String CHECK_VIOLATION_H2 = "23513";
    /** PostgreSQL CHECK constraint violation. */
    public static final String CHECK_VIOLATION_PG = "23514";

    private SqlStates() {
    }

    /** The state, or {@code null-state} when a driver gave none. */
    public static String of(SQLException e) {
        return e.getSQLState() == null ? "null-state" : e.getSQLState();
    }

    /** Worth retrying the whole transaction from the start. */
    public static boolean retryable(String state) {
        return state.equals(SERIALIZATION_FAILURE) || state.equals(DEADLOCK_DETECTED) || state.equals(LOCK_TIMEOUT);
    }

    /** The database itself refused the new balance: a decline, decided by the database. */
    public static boolean constraintRefusal(String state) {
        return state.equals(CHECK_VIOLATION_H2) || state.equals(CHECK_VIOLATION_PG);
    }

    /** Whether this retryable abort was a lock cycle, given the isolation level the transaction ran under. */
    public static boolean deadlock(String state, int isolationLevel) {
        if (state.equals(DEADLOCK_DETECTED)) {
            return true;
        }
        return state.equals(SERIALIZATION_FAILURE)
                && isolationLevel == java.sql.Connection.TRANSACTION_READ_COMMITTED;
    }
}
