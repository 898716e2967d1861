package racelab.postgres;

/**
 * Sentences for the SQLStates the lab meets on PostgreSQL, classified by state, never by message text
 * (PostgreSQL 17 documentation, appendix A, "PostgreSQL Error Codes").
 */
public final class PostgresSqlStates {

    public static final String SERIALIZATION_FAILURE = "40001";
    public static final String DEADLOCK_DETECTED = "40P01";
    public static final String CHECK_VIOLATION = "23514";
    public static final String LOCK_NOT_AVAILABLE = "55P03";
    public static final String QUERY_CANCELED = "57014";
    public static final String IN_FAILED_TRANSACTION = "25P02";

    private PostgresSqlStates() {
    }

    static String describe(String sqlState, boolean cancelledByEngine) {
        if (sqlState == null) {
            return "the database refused the statement (no SQLState)";
        }
        switch (sqlState) {
            case SERIALIZATION_FAILURE:
                return "SQLState 40001 (serialization_failure): PostgreSQL could not serialize access, either because "
                        + "the row was changed and committed by another transaction after this one's snapshot (first "
                        + "updater wins) or, at SERIALIZABLE, because SSI found a read/write dependency cycle";
            case CHECK_VIOLATION:
                return "SQLState 23514 (check_violation): the CHECK constraint rejected the new balance";
            case "23505":
                return "SQLState 23505 (unique_violation): duplicate key";
            case LOCK_NOT_AVAILABLE:
                return "SQLState 55P03 (lock_not_available): lock timeout";
            case IN_FAILED_TRANSACTION:
                return "SQLState 25P02: the transaction had already failed, so PostgreSQL ignores every statement "
                        + "until ROLLBACK";
            case QUERY_CANCELED:
                return cancelledByEngine
                        ? "SQLState 57014 (query_canceled): the schedule was stuck (every remaining lane waited on "
                        + "another), so the engine cancelled this statement with pg_cancel_backend"
                        : "SQLState 57014 (query_canceled): the statement was cancelled";
            default:
                return "SQLState " + sqlState + ": the database refused the statement";
        }
    }
}
