package racelab.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The SQL database the ledger engine runs on. Everything that differs between database products sits behind this
 * interface, so the engine, the lanes and the mitigations stay the same on every backend: where a scene's tables
 * live, how a session is named, observed and cancelled, which isolation level a mitigation gets, and how a refused
 * statement is named. {@link H2Backend} is the default.
 */
public interface DatabaseBackend {

    /** Command-line id, e.g. {@code h2}. */
    String id();

    /** Product name for people, e.g. {@code H2}. */
    String productName();

    /** Product and version of the server the runs go to, e.g. {@code H2 2.4.240}. */
    String serverDescription();

    /**
     * A fresh, empty place for one scene's tables (an in-memory database, a schema of its own), named with
     * {@code label} so that threads and sessions can be told apart.
     */
    DatabaseSpace openSpace(String label) throws SQLException;

    /** The server's id of the session behind a connection, as its lock views name it. */
    int sessionId(Connection connection) throws SQLException;

    /**
     * Settings a lane session gets for teaching (the lab never changes server-wide settings); one sentence per
     * setting for the trace, empty when the lane runs on the server's own defaults.
     */
    List<String> prepareLaneSession(Connection connection) throws SQLException;

    /** JDBC isolation level the lane connections use under this mitigation. */
    int isolationLevel(Mitigation mitigation);

    /** How that isolation level reads in the trace, honest about what this database does with it. */
    String isolationName(Mitigation mitigation);

    /** One sentence on when the transaction really starts, for the trace. */
    String transactionStartNote();

    /** Short sentence naming the lab's per-session teaching settings, shown where a lane begins; empty if none. */
    default String sessionSettingsNote() {
        return "";
    }

    /** Prepares the read that lists which lane session waits for which, on the monitor connection. */
    LockWaitQuery lockWaitQuery(Connection monitor) throws SQLException;

    /** Cancels the statement a session is running (to end a schedule that is stuck), from the monitor connection. */
    void cancel(Connection monitor, int sessionId) throws SQLException;

    /**
     * Ends the statement a lane session runs so that a lock wait really ends and the lane can roll back, when the lab
     * breaks a wait cycle the database left standing. The default cancels the statement.
     *
     * @param laneThread the lane's own thread, blocked in the JDBC call
     */
    default void abortWait(Connection monitor, int sessionId, Thread laneThread) throws SQLException {
        cancel(monitor, sessionId);
    }

    /**
     * Whether a lane waiting for a lock shows as a waiting thread in the JVM (embedded databases), so the engine may
     * skip reading the lock view while every lane thread runs. False for a server reached over a socket, where a
     * waiting session's thread is RUNNABLE in a socket read.
     */
    default boolean lockWaitParksTheThread() {
        return false;
    }

    /**
     * How long a cycle in the observed wait-for graph may stand before the lab breaks it itself: long enough for
     * the database's own deadlock detection to act first (PostgreSQL: after {@code deadlock_timeout}).
     */
    default long cycleGraceMillis() {
        return 1_500;
    }

    /**
     * Whether a refused statement means the lane was chosen as a deadlock victim.
     *
     * @param inWaitCycle whether the observed wait-for graph put the lane in a cycle when the statement was refused:
     *     another open transaction holding a row the statement wanted waits, directly or through others, for this
     *     lane (see {@link WaitForGraph}); a deadlock is such a cycle and nothing else
     */
    boolean isDeadlockVictim(SQLException failure, Mitigation mitigation, boolean inWaitCycle);

    /** The trace's sentence for a deadlock victim. */
    String describeDeadlock(String sqlState, String laneId);

    /** The trace's sentence for any other refused statement, classified by SQLState, never by message. */
    String describeFailure(String sqlState, boolean cancelledByEngine);

    /**
     * Whether a wait cycle (a deadlock) stays in place for a while before the database breaks it, so that the wait
     * closing the cycle is observed and shown: PostgreSQL checks for deadlocks only after {@code deadlock_timeout};
     * H2 refuses the lock request that would close a cycle at once.
     */
    default boolean waitCyclesLast() {
        return false;
    }

    /**
     * How many explorer runners a search uses side by side by default, each with a space, sessions and lane threads
     * of its own. One unless the backend says otherwise: a search's runs on one server share its processes, its
     * deadlock detector and its timers, and only a backend whose spaces are shown to be independent (embedded H2:
     * one in-memory database each, in this process) gains from more.
     */
    default int searchRunners() {
        return 1;
    }

    /** Why a mitigation cannot run on this database, or empty when it can. */
    default Optional<String> unavailableReason(Mitigation mitigation) {
        return Optional.empty();
    }

    /** The tables of one scene: a database or schema the backend created and drops again. */
    interface DatabaseSpace {

        /** Short name, unique in this process; lane threads carry it. */
        String name();

        /** A new connection to this space (autocommit on, as JDBC opens it). */
        Connection connect() throws SQLException;

        /** Removes the space and everything in it, using the monitor connection, which is closed afterwards. */
        void drop(Connection monitor) throws SQLException;
    }

    /** Which lane session waits for which, as the database itself reports it. */
    interface LockWaitQuery extends AutoCloseable {

        /** (waiting session, blocking session) pairs; may include sessions that are not lanes. */
        List<int[]> waitingPairs() throws SQLException;

        /** Names the source of a pair for the trace, e.g. H2's SESSIONS.BLOCKER_ID. */
        String describe(int waitingSession, int blockingSession);

        @Override
        void close() throws SQLException;
    }
}
