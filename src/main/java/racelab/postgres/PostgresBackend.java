package racelab.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import racelab.ledger.DatabaseBackend;
import racelab.ledger.Mitigation;

/**
 * The ledger engine on real PostgreSQL: every scene gets a schema of its own with a unique name on the server
 * (created, used and dropped again; no other schema is touched), lanes run at PostgreSQL's own isolation levels
 * (REPEATABLE READ is a snapshot from the first statement; SERIALIZABLE is serializable snapshot isolation, SSI),
 * blocking is read with {@code pg_blocking_pids()}, and refused statements keep PostgreSQL's SQLStates: 40001
 * serialization failure, 40P01 deadlock, 23514 CHECK violation, 55P03 lock timeout, 57014 cancel.
 *
 * <p>Sources: PostgreSQL 17 documentation, chapter 13 "Concurrency Control" (13.2 Transaction Isolation, 13.3.1
 * row locks, 13.3.4 deadlocks, 13.3.5 advisory locks), "System Information Functions" for
 * {@code pg_blocking_pids}, "Advisory Lock Functions" for {@code pg_advisory_xact_lock}, "Lock Management"
 * (runtime-config-locks) for {@code deadlock_timeout}, which only superusers may change, and appendix A
 * "PostgreSQL Error Codes".
 */
public final class PostgresBackend implements DatabaseBackend {

    /**
     * The lab shortens {@code deadlock_timeout} (server default 1 s) for its own sessions so that a deadlock in a
     * schedule resolves quickly. PostgreSQL runs its deadlock check in a waiting session once this much time has
     * passed, and aborts that session if it closes a cycle.
     */
    static final int DEADLOCK_TIMEOUT_MS = 200;
    /** A lock wait that lasts longer than this ends with 55P03; a safety net like H2's LOCK_TIMEOUT, never reached. */
    static final int LOCK_TIMEOUT_MS = 600_000;
    private static final String PROCESS_TAG = UUID.randomUUID().toString().substring(0, 8);
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final PostgresServer server;
    /** deadlock_timeout as the lane sessions have it, in ms; read when the first lane session is prepared. */
    private volatile long deadlockTimeoutMs = DEADLOCK_TIMEOUT_MS;

    public PostgresBackend(PostgresServer server) {
        this.server = server;
    }

    /** The backend on the shared embedded server, started on first use. */
    public static PostgresBackend embedded() {
        return new PostgresBackend(EmbeddedPostgresServer.shared());
    }

    public PostgresServer server() {
        return server;
    }

    @Override
    public String id() {
        return "postgres";
    }

    @Override
    public String productName() {
        return "PostgreSQL";
    }

    @Override
    public String serverDescription() {
        return server.description();
    }

    @Override
    public DatabaseSpace openSpace(String label) throws SQLException {
        String schema = schemaName(label);
        Connection admin = server.connect();
        try (Statement statement = admin.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } finally {
            admin.close();
        }
        return new Schema(server, schema);
    }

    /**
     * A name no other process or engine uses: {@code racelab_}, a random tag of this process, a sequence number and
     * the label, in the characters an unquoted identifier allows, at most 63 bytes (PostgreSQL's NAMEDATALEN - 1).
     */
    static String schemaName(String label) {
        String clean = label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_");
        String name = "racelab_" + PROCESS_TAG + "_" + SEQUENCE.incrementAndGet() + "_" + clean;
        return name.length() <= 63 ? name : name.substring(0, 63);
    }

    @Override
    public int sessionId(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT pg_backend_pid()")) {
            rows.next();
            int pid = rows.getInt(1);
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
            return pid;
        }
    }

    @Override
    public List<String> prepareLaneSession(Connection connection) throws SQLException {
        List<String> settings = new ArrayList<>();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET lock_timeout = " + LOCK_TIMEOUT_MS);
            settings.add("SET lock_timeout = " + LOCK_TIMEOUT_MS + " (ms) for each lane session: a wait longer than "
                    + "10 minutes ends with 55P03, a safety net never reached in a run");
            if (server.superuser()) {
                statement.execute("SET deadlock_timeout = " + DEADLOCK_TIMEOUT_MS);
                settings.add("SET deadlock_timeout = " + DEADLOCK_TIMEOUT_MS + " (ms) for each lane session, "
                        + "instead of the server's 1 s, so a deadlock is found quickly; the waiting session whose "
                        + "check finds the cycle first is aborted with 40P01");
            } else {
                String current = setting(statement, "deadlock_timeout");
                try (ResultSet rows = statement.executeQuery(
                        "SELECT setting::bigint FROM pg_settings WHERE name = 'deadlock_timeout'")) {
                    rows.next();
                    deadlockTimeoutMs = rows.getLong(1);
                }
                settings.add("deadlock_timeout stays at the server's " + current + " (changing it per session "
                        + "needs a superuser), so a deadlock takes that long to be found");
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        return settings;
    }

    private static String setting(Statement statement, String name) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT current_setting('" + name + "')")) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** READ COMMITTED stays; H2's SNAPSHOT stand-in becomes PostgreSQL REPEATABLE READ; SERIALIZABLE is SSI. */
    @Override
    public int isolationLevel(Mitigation mitigation) {
        int level = mitigation.isolationLevel();
        return level == Mitigation.H2_SNAPSHOT ? Connection.TRANSACTION_REPEATABLE_READ : level;
    }

    @Override
    public String isolationName(Mitigation mitigation) {
        switch (isolationLevel(mitigation)) {
            case Connection.TRANSACTION_REPEATABLE_READ:
                return "REPEATABLE READ (PostgreSQL: one snapshot from the first statement; an update of a row "
                        + "changed since then fails with 40001)";
            case Connection.TRANSACTION_SERIALIZABLE:
                return "SERIALIZABLE (PostgreSQL SSI: read/write dependencies are tracked and a transaction that "
                        + "would make the outcome non-serializable fails with 40001)";
            case Connection.TRANSACTION_READ_COMMITTED:
                return "READ COMMITTED";
            default:
                return mitigation.isolationName();
        }
    }

    @Override
    public String transactionStartNote() {
        return "JDBC autocommit off; the driver sends BEGIN with the first statement";
    }

    @Override
    public String sessionSettingsNote() {
        return server.superuser()
                ? "session settings the lab set for teaching: deadlock_timeout = " + DEADLOCK_TIMEOUT_MS
                + " ms (server default 1 s, so deadlocks resolve quickly), lock_timeout = " + LOCK_TIMEOUT_MS + " ms"
                : "session setting the lab set: lock_timeout = " + LOCK_TIMEOUT_MS + " ms; deadlock_timeout is the "
                + "server's own (changing it needs a superuser)";
    }

    @Override
    public LockWaitQuery lockWaitQuery(Connection monitor) throws SQLException {
        // Only sessions waiting for a heavyweight lock can be blocked by another session (pg_blocking_pids docs).
        PreparedStatement query = monitor.prepareStatement("SELECT w.pid, b.pid, w.wait_event FROM pg_stat_activity w "
                + "CROSS JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS b(pid) "
                + "WHERE w.wait_event_type = 'Lock' AND w.datname = current_database()");
        Map<Integer, String> waitEvents = new HashMap<>();
        return new LockWaitQuery() {
            @Override
            public List<int[]> waitingPairs() throws SQLException {
                List<int[]> pairs = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        pairs.add(new int[] {rows.getInt(1), rows.getInt(2)});
                        waitEvents.put(rows.getInt(1), rows.getString(3));
                    }
                }
                return pairs;
            }

            @Override
            public String describe(int waitingSession, int blockingSession) {
                String event = waitEvents.get(waitingSession);
                return "PostgreSQL: pg_blocking_pids(" + waitingSession + ") contains " + blockingSession
                        + (event == null ? "" : ", wait_event " + event);
            }

            @Override
            public void close() throws SQLException {
                query.close();
            }
        };
    }

    @Override
    public void cancel(Connection monitor, int sessionId) throws SQLException {
        try (PreparedStatement cancel = monitor.prepareStatement("SELECT pg_cancel_backend(?)")) {
            cancel.setInt(1, sessionId);
            cancel.execute();
        }
    }

    /**
     * The lab breaks a standing cycle itself only long after PostgreSQL would have: twice deadlock_timeout plus a
     * second for a loaded machine, so on PostgreSQL every deadlock in a trace is one PostgreSQL found.
     */
    @Override
    public long cycleGraceMillis() {
        return 2 * deadlockTimeoutMs + 1_000;
    }

    /** PostgreSQL runs its deadlock check only after deadlock_timeout (docs: Lock Management), so a cycle lasts. */
    @Override
    public boolean waitCyclesLast() {
        return true;
    }

    /** PostgreSQL names a deadlock victim by its own SQLState, 40P01, distinct from a serialization failure. */
    @Override
    public boolean isDeadlockVictim(SQLException failure, Mitigation mitigation, boolean blocksAnotherLane) {
        return PostgresSqlStates.DEADLOCK_DETECTED.equals(failure.getSQLState());
    }

    @Override
    public String describeDeadlock(String sqlState, String laneId) {
        return "SQLState " + sqlState + ": " + laneId + " waited for a lock held by a lane that was itself waiting "
                + "for " + laneId + ", a cycle (a deadlock); PostgreSQL's deadlock check, run in a waiting session "
                + "after deadlock_timeout, aborted " + laneId + "'s transaction and the lane rolled back";
    }

    @Override
    public String describeFailure(String sqlState, boolean cancelledByEngine) {
        return PostgresSqlStates.describe(sqlState, cancelledByEngine);
    }

    /** One schema on the server; every connection to it gets {@code search_path} set to it and nothing else. */
    private record Schema(PostgresServer server, String name) implements DatabaseSpace {

        @Override
        public Connection connect() throws SQLException {
            Connection connection = server.connect();
            try {
                connection.setSchema(name);
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
            return connection;
        }

        @Override
        public void drop(Connection monitor) throws SQLException {
            try (Statement statement = monitor.createStatement()) {
                if (!monitor.getAutoCommit()) {
                    monitor.rollback();
                    monitor.setAutoCommit(true);
                }
                statement.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
            } finally {
                monitor.close();
            }
        }
    }
}
