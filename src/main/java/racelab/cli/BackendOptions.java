package racelab.cli;

import picocli.CommandLine.Option;
import racelab.ledger.DatabaseBackend;
import racelab.ledger.H2Backend;
import racelab.postgres.ExternalPostgresServer;
import racelab.postgres.PostgresBackend;
import racelab.postgres.PostgresUnavailableException;

/**
 * Which database the ledger commands run on: {@code --backend h2|postgres}, and for a PostgreSQL server the user
 * already runs {@code --jdbc-url URL [--user U] [--password-env VAR]}. A picocli mixin.
 *
 * <p>PostgreSQL without a URL is the embedded server, started once for the process and stopped when it exits (also
 * on Ctrl+C). With a URL the lab creates a schema with a unique name on that server, works only there and drops it.
 */
public final class BackendOptions {

    /** The backends the command line knows. */
    public enum Backend { h2, postgres }

    @Option(names = "--backend", paramLabel = "h2|postgres",
            description = "Database to run on: h2 (embedded, in memory; the default) or postgres (embedded "
                    + "PostgreSQL 17, or the server given by --jdbc-url).")
    Backend backend;

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "A PostgreSQL server you run (jdbc:postgresql://host:port/db); implies --backend postgres. "
                    + "The lab works only in a schema of its own, which it drops afterwards.")
    String jdbcUrl;

    @Option(names = "--user", paramLabel = "U", description = "User for --jdbc-url.")
    String user;

    @Option(names = "--password-env", paramLabel = "VAR",
            description = "Name of the environment variable that holds the password for --jdbc-url.")
    String passwordEnv;

    /** The backend's id as chosen, before anything is started. */
    public String id() {
        return backend == Backend.postgres || jdbcUrl != null ? "postgres" : "h2";
    }

    /**
     * Opens the chosen backend: starts the embedded PostgreSQL or connects once to the given server.
     *
     * @throws UsageException with one line when the options contradict each other or PostgreSQL cannot be reached
     */
    public DatabaseBackend open() throws UsageException {
        return open(id().equals("h2") ? Backend.h2 : Backend.postgres);
    }

    /**
     * Opens one backend of several (for {@code compare --backends h2,postgres}); PostgreSQL is the server given by
     * {@code --jdbc-url}, or the embedded one.
     */
    public DatabaseBackend open(Backend which) throws UsageException {
        if (backend == Backend.h2 && jdbcUrl != null) {
            throw new UsageException("--jdbc-url needs --backend postgres, not h2");
        }
        if (jdbcUrl == null && (user != null || passwordEnv != null)) {
            throw new UsageException((user != null ? "--user" : "--password-env") + " needs --jdbc-url");
        }
        if (which == Backend.h2) {
            return H2Backend.INSTANCE;
        }
        try {
            if (jdbcUrl == null) {
                return PostgresBackend.embedded();
            }
            String password = null;
            if (passwordEnv != null) {
                password = System.getenv(passwordEnv);
                if (password == null) {
                    throw new UsageException("--password-env: environment variable " + passwordEnv + " is not set");
                }
            }
            return new PostgresBackend(ExternalPostgresServer.connect(jdbcUrl, user, password));
        } catch (PostgresUnavailableException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }
}
