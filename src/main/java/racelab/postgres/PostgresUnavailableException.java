package racelab.postgres;

/**
 * PostgreSQL could not be reached or started: a bad URL, a wrong password, a server that does not answer, binaries
 * that do not start. The message is one line for people; the command line prints it and exits with status 2.
 */
public final class PostgresUnavailableException extends RuntimeException {

    public PostgresUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
