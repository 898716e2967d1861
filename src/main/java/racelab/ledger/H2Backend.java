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
 * {@code INFORMATION_SCHEMA.SESSIONS.BLOCKER_ID}, and errors are named as H2 reports them (see
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

    @Override
    public LockWaitQuery lockWaitQuery(Connection monitor) throws SQLException {
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
     * H2 reports a deadlock as 40001, like a serialization conflict: at READ COMMITTED there is no snapshot to
     * conflict with, and at the stronger levels a lane another lane was observed waiting for is in a cycle.
     */
    @Override
    public boolean isDeadlockVictim(SQLException failure, Mitigation mitigation, boolean blocksAnotherLane) {
        return "40001".equals(failure.getSQLState())
                && (mitigation.isolationLevel() == Connection.TRANSACTION_READ_COMMITTED || blocksAnotherLane);
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
