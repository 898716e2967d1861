package racelab.ledger;

import java.sql.SQLException;

/**
 * One way to run a transfer: maps the four phases every lane shares ({@code begin}, {@code check}, {@code apply},
 * {@code commit}) to SQL and application logic, so one schedule can be replayed under every mitigation.
 *
 * <p>A phase declines by throwing {@link LaneContext#decline}, asks for a retry with {@link LaneContext#retry}, and
 * lets SQLExceptions through: the engine rolls back after every one and classifies it by SQLState.
 */
public interface Mitigation {

    /** H2's SNAPSHOT isolation level ({@code org.h2.engine.Constants.TRANSACTION_SNAPSHOT}). */
    int H2_SNAPSHOT = 6;

    /** Kebab-case id, as used in scenes and on the command line. */
    String id();

    /** Short name for people. */
    String title();

    /** One paragraph: what it does and why it stops (or does not stop) the race. */
    String explanation();

    /** One paragraph: what it costs in latency, throughput, scalability and complexity. */
    String tradeOff();

    /** JDBC isolation level the lane connections use. */
    int isolationLevel();

    /** How the isolation level reads in the trace, honest about H2. */
    String isolationName();

    /** Whether the account table carries the CHECK constraint. */
    default boolean usesCheckConstraint() {
        return false;
    }

    /** Total attempts of one transfer, counting the first; 1 means no retry. */
    default int maxAttempts() {
        return 1;
    }

    /** Whether a statement failing with this SQLState is retried (if attempts are left). */
    default boolean retriesOn(String sqlState) {
        return false;
    }

    /**
     * Whether a deadlock victim runs its request again (if attempts are left). PostgreSQL's docs advise retrying
     * 40P01 (deadlock_detected) along with 40001 (PostgreSQL 17 docs, 13.5 Serialization Failure Handling).
     */
    default boolean retriesDeadlocks() {
        return false;
    }

    void begin(LaneContext lane) throws SQLException;

    void check(LaneContext lane) throws SQLException;

    void apply(LaneContext lane) throws SQLException;

    void commit(LaneContext lane) throws SQLException;

    /** Called after the lane committed or rolled back, to free application-level locks. */
    default void release(LaneContext lane) {
    }
}
