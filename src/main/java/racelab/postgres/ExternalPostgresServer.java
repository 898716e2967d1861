package racelab.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * A PostgreSQL server the user already runs, reached by {@code --jdbc-url URL [--user U] [--password-env VAR]}. The
 * lab creates a schema with a unique name there, works only in it and drops it afterwards (see
 * {@link PostgresBackend}); it never touches other schemas.
 */
public final class ExternalPostgresServer implements PostgresServer {

    private final String url;
    private final Properties credentials = new Properties();
    private final String version;
    private final boolean superuser;

    private ExternalPostgresServer(String url, String user, String password) throws SQLException {
        this.url = url;
        if (user != null) {
            credentials.setProperty("user", user);
        }
        if (password != null) {
            credentials.setProperty("password", password);
        }
        // Fail fast rather than hang on an address that drops packets.
        credentials.setProperty("connectTimeout", "10");
        try (Connection connection = connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT current_setting('server_version'), "
                     + "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user)")) {
            rows.next();
            this.version = rows.getString(1);
            this.superuser = rows.getBoolean(2);
        }
    }

    /**
     * Connects once to check the URL, the credentials and the server.
     *
     * @throws PostgresUnavailableException with a one-line reason when any of them is wrong
     */
    public static ExternalPostgresServer connect(String url, String user, String password) {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new PostgresUnavailableException("--jdbc-url must start with jdbc:postgresql:, got '" + url + "'",
                    null);
        }
        try {
            return new ExternalPostgresServer(url, user, password);
        } catch (SQLException e) {
            throw new PostgresUnavailableException("cannot use PostgreSQL at " + withoutSecrets(url) + ": "
                    + EmbeddedPostgresServer.oneLine(e)
                    + (e.getSQLState() == null ? "" : " (SQLState " + e.getSQLState() + ")"), e);
        }
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, credentials);
    }

    @Override
    public String description() {
        return "PostgreSQL " + version + " at " + withoutSecrets(url);
    }

    @Override
    public boolean superuser() {
        return superuser;
    }

    /** The URL without its query (which may carry a password). */
    static String withoutSecrets(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
