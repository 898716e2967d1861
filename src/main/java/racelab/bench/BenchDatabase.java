package racelab.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fresh in-memory H2 database for one benchmark run. It lives as long as its admin connection: closing this
 * object drops the database, so runs never see each other's rows.
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

    private final String url;
    private final Connection admin;
    private final Closer closer;

    private BenchDatabase(String url, Connection admin, Closer closer) {
        this.url = url;
        this.admin = admin;
        this.closer = closer;
    }

    /** Creates a new, empty database with a unique name; closing the admin connection drops it. */
    public static BenchDatabase create() throws SQLException {
        String url = "jdbc:h2:mem:bench-" + NEXT_ID.incrementAndGet() + ";LOCK_TIMEOUT=" + LOCK_TIMEOUT_MS;
        Connection admin = DriverManager.getConnection(url, USER, "");
        return new BenchDatabase(url, admin, admin::close);
    }

    /**
     * A database a target created with its own settings, user {@link #USER} and an empty password;
     * {@code admin} must be in auto-commit mode and
     * {@code closer} must drop the database.
     */
    public static BenchDatabase wrap(String url, Connection admin, Closer closer) {
        return new BenchDatabase(url, admin, closer);
    }

    public String url() {
        return url;
    }

    /** The connection used for setup and audits; auto-commit on. Workers must not share it. */
    public Connection admin() {
        return admin;
    }

    /** A new connection to the same database, for one worker or one writer thread. */
    public Connection openConnection() throws SQLException {
        return DriverManager.getConnection(url, USER, "");
    }

    @Override
    public void close() throws SQLException {
        closer.close();
    }
}
