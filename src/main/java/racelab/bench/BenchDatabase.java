package racelab.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fresh database for one benchmark run: the bench's own in-memory H2 database, or one a target created on its
 * backend (an H2 database, a PostgreSQL schema). Closing this object drops it, so runs never see each other's rows.
 */
public final class BenchDatabase implements AutoCloseable {

    /**
     * Lock waits are part of what is measured, so the timeout is far above any normal wait; it still ends a run
     * that would otherwise hang (a timeout shows up as SQLState HYT00 in the abort counts).
     */
    public static final int LOCK_TIMEOUT_MS = 10_000;

    /** Every database the bench opens, its own or a target's, uses H2's usual admin user with no password. */
    public static final String USER = "sa";

    private static final AtomicLong NEXT_ID = new AtomicLong();

    /** How a database made elsewhere (by a target) is dropped. */
    @FunctionalInterface
    public interface Closer {
        void close() throws SQLException;
    }

    /** How a worker gets its own connection to a database made elsewhere. */
    @FunctionalInterface
    public interface Connector {
        Connection connect() throws SQLException;
    }

    private final String url;
    private final Connection admin;
    private final Connector connector;
    private final Closer closer;

    private BenchDatabase(String url, Connection admin, Connector connector, Closer closer) {
        this.url = url;
        this.admin = admin;
        this.connector = connector;
        this.closer = closer;
    }

    /** Creates a new, empty database with a unique name; closing the admin connection drops it. */
    public static BenchDatabase create() throws SQLException {
        String url = "jdbc:h2:mem:bench-" + NEXT_ID.incrementAndGet() + ";LOCK_TIMEOUT=" + LOCK_TIMEOUT_MS;
        Connection admin = DriverManager.getConnection(url, USER, "");
        return new BenchDatabase(url, admin, () -> DriverManager.getConnection(url, USER, ""), admin::close);
    }

    /**
     * A database a target created on its own backend: {@code name} says where it is, {@code admin} must be in
     * auto-commit mode, {@code connector} opens a worker connection and {@code closer} must drop the database.
     */
    public static BenchDatabase wrap(String name, Connection admin, Connector connector, Closer closer) {
        return new BenchDatabase(name, admin, connector, closer);
    }

    /** The JDBC URL of the bench's own database, or the name of a target's. */
    public String url() {
        return url;
    }

    /** The connection used for setup and audits; auto-commit on. Workers must not share it. */
    public Connection admin() {
        return admin;
    }

    /** A new connection to the same database, for one worker or one writer thread. */
    public Connection openConnection() throws SQLException {
        return connector.connect();
    }

    @Override
    public void close() throws SQLException {
        closer.close();
    }
}
