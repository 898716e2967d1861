package racelab.postgres;

import java.sql.Connection;
import java.sql.SQLException;

/** A PostgreSQL server the lab can reach: the embedded one it starts itself, or one the user already runs. */
public interface PostgresServer {

    /** A new connection to the lab's database on this server, autocommit on. */
    Connection connect() throws SQLException;

    /** Product and version as the server reports them ({@code SHOW server_version}), and where it runs. */
    String description();

    /** Whether the lab's user may change superuser-only session settings such as {@code deadlock_timeout}. */
    boolean superuser();
}
