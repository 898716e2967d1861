package racelab.ledger;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Embedded in-memory H2 (the default backend): every scene gets its own in-memory database, blocking is read from
 * each session's BLOCKER_ID (what {@code INFORMATION_SCHEMA.SESSIONS.BLOCKER_ID} shows, read from H2's session objects:
 * see {@link #lockWaitQuery}), and errors are named as H2 reports them (see
 * {@code shared/reference/h2-vs-postgres.md}: H2 SERIALIZABLE is snapshot isolation; a deadlock is SQLState 40001).
 */
public final class H2Backend implements DatabaseBackend {

    /** The one instance: H2 needs no server and keeps no state besides the databases the engines drop. */
    public static final H2Backend INSTANCE = new H2Backend();

    /** High lock timeout so a blocked step never times out while a person reads the screen. */
    static final int LOCK_TIMEOUT_MS = 600_000;
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private H2Backend() {
    }

    @Override
    public String id() {
        return "h2";
    }

    @Override
    public String productName() {
        return "H2";
    }

    @Override
    public String serverDescription() {
        return "H2 " + org.h2.engine.Constants.VERSION + " (in memory)";
    }

    @Override
    public DatabaseSpace openSpace(String label) {
        String name = "racelab-" + SEQUENCE.incrementAndGet() + "-" + label;
        String url = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=" + LOCK_TIMEOUT_MS;
        return new H2Space(name, url);
    }

    @Override
    public int sessionId(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT SESSION_ID()")) {
            rows.next();
            int id = rows.getInt(1);
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
            return id;
        }
    }

    @Override
    public List<String> prepareLaneSession(Connection connection) {
        return List.of();
    }

    @Override
    public int isolationLevel(Mitigation mitigation) {
        return mitigation.isolationLevel();
    }

    @Override
    public String isolationName(Mitigation mitigation) {
        return mitigation.isolationName();
    }

    @Override
    public String transactionStartNote() {
        return "JDBC autocommit off; H2 starts it with the first statement";
    }

    /**
     * Reads each session's BLOCKER_ID straight from H2's session objects: {@code SessionLocal.getBlockingSessionId()}
     * of every session of the database, the very call that fills {@code INFORMATION_SCHEMA.SESSIONS.BLOCKER_ID}
     * ({@code InformationSchemaTable.sessions} in H2 2.4.240), so the engine sees exactly what that table shows.
     * Going through SQL cost about 46 microseconds a read (the table builds every column of every session), more
     * than a whole lane step; and it failed now and then with an NPE inside H2 (HY000, see {@link MonitoringRead}).
     * A connection that is not an embedded H2 session falls back to the SQL read.
     */
    @Override
    public LockWaitQuery lockWaitQuery(Connection monitor) throws SQLException {
        org.h2.engine.Database database = embeddedDatabase(monitor);
        return database == null ? sessionsTableQuery(monitor) : new SessionStateQuery(database);
    }

    private static org.h2.engine.Database embeddedDatabase(Connection monitor) throws SQLException {
        if (!monitor.isWrapperFor(org.h2.jdbc.JdbcConnection.class)) {
            return null;
        }
        org.h2.engine.Session session = monitor.unwrap(org.h2.jdbc.JdbcConnection.class).getSession();
        return session instanceof org.h2.engine.SessionLocal local ? local.getDatabase() : null;
    }

    /** BLOCKER_ID read from the database's own session objects, in process. */
    private static final class SessionStateQuery implements LockWaitQuery {
        private final org.h2.engine.Database database;

        SessionStateQuery(org.h2.engine.Database database) {
            this.database = database;
        }

        @Override
        public List<int[]> waitingPairs() {
            List<int[]> pairs = new ArrayList<>(2);
            for (org.h2.engine.SessionLocal session : database.getSessions(false)) {
                int blocker = blockerOf(session);
                if (blocker != 0) {
                    pairs.add(new int[] {session.getId(), blocker});
                }
            }
            return pairs;
        }

        /**
         * H2 tests that the session has a transaction and then reads it again, so a transaction that ends in between
         * makes the call fail with an NPE: that session has just stopped waiting.
         */
        private static int blockerOf(org.h2.engine.SessionLocal session) {
            try {
                return session.getBlockingSessionId();
            } catch (NullPointerException transactionJustEnded) {
                return 0;
            }
        }

        @Override
        public String describe(int waitingSession, int blockingSession) {
            return "H2 SESSIONS: session " + waitingSession + " has BLOCKER_ID " + blockingSession;
        }

        @Override
        public void close() {
            // nothing to release: the database belongs to the engine
        }
    }

    private static LockWaitQuery sessionsTableQuery(Connection monitor) throws SQLException {
        PreparedStatement query = monitor.prepareStatement(
                "SELECT SESSION_ID, BLOCKER_ID FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL");
        return new LockWaitQuery() {
            @Override
            public List<int[]> waitingPairs() throws SQLException {
                List<int[]> pairs = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        pairs.add(new int[] {rows.getInt(1), rows.getInt(2)});
                    }
                }
                return pairs;
            }

            @Override
            public String describe(int waitingSession, int blockingSession) {
                return "H2 SESSIONS: session " + waitingSession + " has BLOCKER_ID " + blockingSession;
            }

            @Override
            public void close() throws SQLException {
                query.close();
            }
        };
    }

    @Override
    public void cancel(Connection monitor, int sessionId) throws SQLException {
        try (PreparedStatement cancel = monitor.prepareStatement("CALL CANCEL_SESSION(?)")) {
            cancel.setInt(1, sessionId);
            cancel.execute();
        }
    }

    /**
     * H2 2.4 reports a deadlock and a first-updater-wins conflict alike, SQLState 40001 with error code 40001
     * ({@code ErrorCode.DEADLOCK_1}, "Deadlock detected"), so neither the code nor the message tells them apart
     * (probed). At READ COMMITTED there is no snapshot to conflict with, so 40001 is a deadlock; at SNAPSHOT and
     * SERIALIZABLE it is a deadlock only when the wait-for graph shows a cycle, and a serialization failure otherwise
     * (a chain of waiters whose head committed is no cycle).
     */
    @Override
    public boolean isDeadlockVictim(SQLException failure, Mitigation mitigation, boolean inWaitCycle) {
        return "40001".equals(failure.getSQLState())
                && (mitigation.isolationLevel() == Connection.TRANSACTION_READ_COMMITTED || inWaitCycle);
    }

    /** Embedded H2 waits for a row lock in {@code Object.wait} on the lane's own thread (TIMED_WAITING). */
    @Override
    public boolean lockWaitParksTheThread() {
        return true;
    }

    /**
     * Interrupts the lane's thread. Probed on H2 2.4.240 with one session waiting for another's row lock:
     * {@code CANCEL_SESSION} is ignored, {@code ABORT_SESSION} closes the session but the statement keeps waiting
     * until the holder commits, and {@code Connection.close()} from another thread blocks until then too; an
     * interrupt ends the wait at once (H2 catches it in {@code Transaction.waitForThisToEnd} and fails the statement
     * with HYT00, error code 50200), the holder keeps its lock and the lane's connection stays usable for the
     * rollback and a retry. {@code H2BackendAbortTest} checks this against every release.
     */
    @Override
    public void abortWait(Connection monitor, int sessionId, Thread laneThread) {
        laneThread.interrupt();
    }

    /**
     * H2 checks for a cycle the moment a session starts to wait ({@code Transaction.waitFor}), so a cycle it breaks
     * is gone within microseconds on an idle machine; the margin is for a loaded one, where the victim's thread may
     * not run for tens of milliseconds (seen: 50 ms was too short once in 300 runs at load 21 on 2 cores). A cycle
     * that stands this long H2 will never break.
     */
    /**
     * One runner per core: each runner's database is an in-memory H2 database of its own (its own MVStore, lock
     * table and sessions), so runs on different runners cannot see or block each other, and one runner passes the
     * turn from lane to lane and keeps about one core busy.
     */
    @Override
    public int searchRunners() {
        return Runtime.getRuntime().availableProcessors();
    }

    @Override
    public long cycleGraceMillis() {
        return 500;
    }

    @Override
    public String describeDeadlock(String sqlState, String laneId) {
        return "SQLState 40001: " + laneId + " asked for a lock held by a lane that was itself waiting for " + laneId
                + ", a cycle (a deadlock); H2 aborted " + laneId + " and rolled it back (PostgreSQL would say 40P01)";
    }

    @Override
    public String describeFailure(String sqlState, boolean cancelledByEngine) {
        return SqlStates.describe(sqlState, cancelledByEngine);
    }

    /** H2 has no advisory locks: the one mitigation it cannot run. */
    @Override
    public java.util.Optional<String> unavailableReason(Mitigation mitigation) {
        return mitigation.id().equals("advisory-lock")
                ? java.util.Optional.of("H2 has no advisory locks (pg_advisory_xact_lock is a PostgreSQL function); "
                + "run it on PostgreSQL, or see for-update and app-lock for the same lock-in-id-order idea on H2")
                : java.util.Optional.empty();
    }

    /** One in-memory database; SHUTDOWN closes every session still open on it. */
    private record H2Space(String name, String url) implements DatabaseSpace {

        @Override
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url, "sa", "");
        }

        @Override
        public void drop(Connection monitor) throws SQLException {
            try (Statement statement = monitor.createStatement()) {
                statement.execute("SHUTDOWN");
            } finally {
                monitor.close();
            }
        }
    }
}
