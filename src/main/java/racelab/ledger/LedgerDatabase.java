package racelab.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import racelab.scenario.Account;
import racelab.scenario.LedgerScene;

/**
 * One scene's accounts in a space of their own on the backend's database (the primary, or the read replica: an
 * in-memory H2 database, or a schema on PostgreSQL), with a monitor connection that reads committed balances and
 * resets them between runs. The SQL here is the same on every backend.
 */
final class LedgerDatabase implements AutoCloseable {

    static final String CHECK_CONSTRAINT_SQL = "ALTER TABLE account ADD CONSTRAINT balance_rule CHECK "
            + "((rule <> 'non-negative' OR balance >= 0) AND (rule <> 'non-positive' OR balance <= 0))";

    final DatabaseBackend.DatabaseSpace space;
    final Connection monitor;
    private final LedgerScene scene;
    private final PreparedStatement snapshot;
    /** Prepared on the first reset: the load benchmark's databases, with many accounts, are never reset. */
    private PreparedStatement resetBalance;
    private final PreparedStatement clearRequests;
    private final boolean hasRequestKeys;
    /** Deletes the accounts transfers opened in the last run; null when the scene opens none. */
    private final PreparedStatement removeOpened;
    private boolean checkConstraint;

    LedgerDatabase(DatabaseBackend backend, LedgerScene scene, String role) throws SQLException {
        this.scene = scene;
        this.space = backend.openSpace(scene.id() + "-" + role);
        this.monitor = space.connect();
        try {
            try (Statement ddl = monitor.createStatement()) {
                // group_id is set only for members of a group a transfer adds a member to (LedgerScene.isOpen): the
                // app reads such a group by its members' group_id, the predicate a new member's INSERT matches.
                ddl.execute("CREATE TABLE account (id VARCHAR(64) PRIMARY KEY, ord INT NOT NULL, balance BIGINT NOT NULL, "
                        + "version BIGINT NOT NULL DEFAULT 0, rule VARCHAR(16) NOT NULL, group_id VARCHAR(64))");
                ddl.execute("CREATE TABLE applied_request (request_key VARCHAR(128) PRIMARY KEY, applied_by VARCHAR(64))");
            }
            try (PreparedStatement insert = monitor.prepareStatement(
                    "INSERT INTO account (id, ord, balance, version, rule, group_id) VALUES (?, ?, ?, 0, ?, ?)")) {
                int ord = 0;
                for (Account account : scene.accounts()) {
                    int position = ord++;
                    if (account.opened()) {
                        continue; // inserted by the transfer that opens it (LaneContext.openAccount)
                    }
                    insert.setString(1, account.id());
                    insert.setInt(2, position);
                    insert.setLong(3, account.balance());
                    insert.setString(4, account.constraint().yamlName());
                    insert.setString(5, scene.openGroupOf(account.id()).map(g -> g.id()).orElse(null));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            // The gateway registers a request key when the first attempt arrives; the transfer claims it (see Lane).
            try (PreparedStatement insert = monitor.prepareStatement(
                    "INSERT INTO applied_request (request_key, applied_by) VALUES (?, NULL)")) {
                for (String key : scene.transfers().stream().map(t -> t.requestKey()).filter(k -> k != null)
                        .distinct().toList()) {
                    insert.setString(1, key);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            snapshot = monitor.prepareStatement("SELECT id, balance FROM account ORDER BY ord");
            hasRequestKeys = scene.transfers().stream().anyMatch(t -> t.requestKey() != null);
            clearRequests = monitor.prepareStatement("UPDATE applied_request SET applied_by = NULL WHERE applied_by IS NOT NULL");
            removeOpened = scene.openedAccounts().isEmpty() ? null : monitor.prepareStatement(
                    "DELETE FROM account WHERE id IN (" + String.join(", ", scene.openedAccounts().stream()
                            .map(a -> "'" + a.id().replace("'", "''") + "'").toList()) + ")");
        } catch (SQLException | RuntimeException e) {
            // A database that could not be set up is dropped at once: an in-memory H2 database opened with
            // DB_CLOSE_DELAY=-1 would otherwise stay in the JVM for good, one per failed run.
            try {
                space.drop(monitor);
            } catch (SQLException dropFailed) {
                e.addSuppressed(dropFailed);
            }
            throw e;
        }
    }

    Connection connect() throws SQLException {
        Connection connection = space.connect();
        connection.setAutoCommit(false);
        return connection;
    }

    /** Committed balances, in scene order; an account a transfer opens is absent until that transfer commits. */
    Map<String, Long> balances() throws SQLException {
        Map<String, Long> balances = new LinkedHashMap<>();
        try (ResultSet rows = snapshot.executeQuery()) {
            while (rows.next()) {
                balances.put(rows.getString(1), rows.getLong(2));
            }
        }
        return balances;
    }

    /**
     * Puts every account back to its opening balance and version 0, removes the accounts a run opened, and marks every
     * request key as not applied yet.
     */
    void reset() throws SQLException {
        if (resetBalance == null) {
            // One statement (one autocommit) for every account, and only rows a run changed are written, so a reset
            // touches (and locks) as little as possible: an UPDATE per account cost a commit each, and the reset
            // was a third of the scheduler's CPU per explored schedule.
            resetBalance = monitor.prepareStatement("UPDATE account SET balance = " + openingBalanceCase()
                    + ", version = 0 WHERE balance <> " + openingBalanceCase() + " OR version <> 0");
        }
        resetBalance.executeUpdate();
        if (removeOpened != null) {
            removeOpened.executeUpdate();
        }
        if (hasRequestKeys) {
            clearRequests.executeUpdate();
        }
    }

    /** The opening balance of the row's account, as a SQL CASE over the scene's accounts (ids quoted as literals). */
    private String openingBalanceCase() {
        StringBuilder sql = new StringBuilder("CASE id");
        for (Account account : scene.accounts()) {
            sql.append(" WHEN '").append(account.id().replace("'", "''")).append("' THEN ").append(account.balance());
        }
        return sql.append(" ELSE balance END").toString();
    }

    /** Adds or drops the CHECK constraint; every lane must be idle (no open transaction). */
    void useCheckConstraint(boolean wanted) throws SQLException {
        if (wanted == checkConstraint) {
            return;
        }
        try (Statement ddl = monitor.createStatement()) {
            ddl.execute(wanted ? CHECK_CONSTRAINT_SQL : "ALTER TABLE account DROP CONSTRAINT balance_rule");
        }
        checkConstraint = wanted;
    }

    /** Copies balances and versions from another database's committed state; returns what changed, for the trace. */
    Map<String, long[]> copyFrom(Map<String, Long> primaryBalances, Map<String, Long> primaryVersions)
            throws SQLException {
        Map<String, Long> before = balances();
        Map<String, long[]> changed = new LinkedHashMap<>();
        try (PreparedStatement update = monitor.prepareStatement(
                "UPDATE account SET balance = ?, version = ? WHERE id = ?")) {
            for (Map.Entry<String, Long> entry : primaryBalances.entrySet()) {
                update.setLong(1, entry.getValue());
                update.setLong(2, primaryVersions.get(entry.getKey()));
                update.setString(3, entry.getKey());
                update.addBatch();
                if (!entry.getValue().equals(before.get(entry.getKey()))) {
                    changed.put(entry.getKey(), new long[] {before.get(entry.getKey()), entry.getValue()});
                }
            }
            update.executeBatch();
        }
        return changed;
    }

    Map<String, Long> versions() throws SQLException {
        Map<String, Long> versions = new LinkedHashMap<>();
        try (Statement statement = monitor.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id, version FROM account ORDER BY ord")) {
            while (rows.next()) {
                versions.put(rows.getString(1), rows.getLong(2));
            }
        }
        return versions;
    }

    /** Drops the database or schema with everything in it; the monitor connection is closed afterwards. */
    @Override
    public void close() throws SQLException {
        space.drop(monitor);
    }
}
