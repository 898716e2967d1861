package racelab.ledger;

/** Human sentences for the SQLStates the lab meets on H2, classified by state, never by message text. */
final class SqlStates {

    private SqlStates() {
    }

    static String describe(String sqlState, boolean cancelledByEngine) {
        if (sqlState == null) {
            return "the database refused the statement (no SQLState)";
        }
        switch (sqlState) {
            case "40001":
                return "SQLState 40001: the row was changed and committed by another transaction after this one's "
                        + "snapshot (first updater wins); H2 words it 'Deadlock detected', PostgreSQL 'could not "
                        + "serialize access'";
            case "23513":
                return "SQLState 23513: the CHECK constraint rejected the new balance (PostgreSQL: 23514)";
            case "23505":
                return "SQLState 23505: duplicate key";
            case "HYT00":
                return "SQLState HYT00: lock timeout (PostgreSQL: 55P03)";
            case "57014":
                return cancelledByEngine
                        ? "SQLState 57014: the schedule was stuck (every remaining lane waited on another), so the "
                        + "engine cancelled this statement"
                        : "SQLState 57014: the statement was cancelled";
            default:
                return "SQLState " + sqlState + ": the database refused the statement";
        }
    }
}
