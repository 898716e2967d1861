package racelab.ui;

import java.util.Locale;
import racelab.ledger.DatabaseBackend;
import racelab.postgres.ExternalPostgresServer;
import racelab.postgres.PostgresBackend;
import racelab.postgres.PostgresUnavailableException;

/**
 * Which PostgreSQL server the app's switch means: the embedded one the lab starts itself, or a server the user runs,
 * given by JDBC URL and user (the app's counterpart of {@code --jdbc-url URL --user U}). This is what the app
 * remembers between starts; the password is deliberately not part of it (see {@link DatabaseSelection}).
 *
 * @param embedded true for the embedded server; then {@code url} and {@code user} are only remembered for the form
 * @param url {@code jdbc:postgresql://host:port/database}, without a password in it
 * @param user the role to log in as; empty for the driver's default (the operating-system user)
 */
public record PostgresServerSetting(boolean embedded, String url, String user) {

    /** The embedded server, the default. */
    public static final PostgresServerSetting EMBEDDED = new PostgresServerSetting(true, "", "");

    public PostgresServerSetting {
        url = url == null ? "" : url.trim();
        user = user == null ? "" : user.trim();
    }

    /** A server the user runs. */
    public static PostgresServerSetting external(String url, String user) {
        return new PostgresServerSetting(false, url, user);
    }

    /**
     * What is wrong with this setting before any connection is tried, in one line, or null when nothing is: the URL
     * must be a PostgreSQL JDBC URL, and must not carry a password, because the URL is saved in the settings.
     */
    public String problem() {
        if (embedded) {
            return null;
        }
        if (url.isEmpty()) {
            return "enter the server's JDBC URL, e.g. jdbc:postgresql://localhost:5432/postgres";
        }
        if (!url.startsWith("jdbc:postgresql:")) {
            return "the URL must start with jdbc:postgresql:, e.g. jdbc:postgresql://localhost:5432/postgres";
        }
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.contains("password=") || lower.matches("jdbc:postgresql://[^/?]*:[^/?@]*@.*")) {
            return "the URL holds a password; the URL is saved in the settings, so put the password in the "
                    + "Password field or in ~/.pgpass instead";
        }
        return null;
    }

    /**
     * Starts (embedded) or connects once to (external) the server: seconds, so never on the FX thread.
     *
     * @param password the password for an external server; null or empty lets the driver look in {@code ~/.pgpass}
     * @throws PostgresUnavailableException with one line when the setting, the server or the login is wrong
     */
    public DatabaseBackend open(String password) {
        if (embedded) {
            return PostgresBackend.embedded();
        }
        String problem = problem();
        if (problem != null) {
            throw new PostgresUnavailableException(problem, null);
        }
        return new PostgresBackend(ExternalPostgresServer.connect(url, user.isEmpty() ? null : user,
                password == null || password.isEmpty() ? null : password));
    }

    /** In people's words, for the switch's status while it connects. */
    public String connectingText() {
        return embedded ? "starting PostgreSQL 17 (embedded; the first start takes a few seconds)…"
                : "connecting to " + url + "…";
    }
}
