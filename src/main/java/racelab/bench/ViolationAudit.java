package racelab.bench;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.h2.api.Trigger;
import racelab.scenario.Account;
import racelab.scenario.Constraint;

/**
 * Counts, inside the database, every committed update that moved an account from inside its balance rule to
 * outside it.
 *
 * <p>An end-of-run check alone would miss most violations: an overdrawn account only receives credits afterwards
 * (every debit is declined) and is soon back above zero. A row trigger sees each transition; its insert is part
 * of the updating transaction, so it only counts if that transaction commits, and a statement the database
 * refuses (a CHECK constraint) leaves no row.
 */
public final class ViolationAudit implements Trigger {

    private static final String RULES = "BENCH_RULES";
    private static final String VIOLATIONS = "BENCH_VIOLATIONS";
    private static final String SETTINGS = "BENCH_AUDIT_SETTINGS";

    private final Map<String, Constraint> rules = new HashMap<>();
    private int idIndex = -1;
    private int balanceIndex = -1;

    /** Creates the audit tables and the trigger on {@code table}; call after the target installed its schema. */
    public static void install(Connection admin, AccountsTable table, List<Account> accounts) throws SQLException {
        try (Statement statement = admin.createStatement()) {
            statement.execute("CREATE TABLE " + RULES + " (ACCOUNT_ID VARCHAR PRIMARY KEY, RULE VARCHAR NOT NULL)");
            statement.execute("CREATE TABLE " + VIOLATIONS + " (ID BIGINT AUTO_INCREMENT PRIMARY KEY,"
                    + " ACCOUNT_ID VARCHAR NOT NULL, OLD_BALANCE BIGINT NOT NULL, NEW_BALANCE BIGINT NOT NULL)");
            statement.execute("CREATE TABLE " + SETTINGS + " (ID_COLUMN VARCHAR NOT NULL,"
                    + " BALANCE_COLUMN VARCHAR NOT NULL)");
        }
        try (PreparedStatement insert = admin.prepareStatement("INSERT INTO " + RULES + " VALUES (?, ?)")) {
            for (Account account : accounts) {
                insert.setString(1, account.id());
                insert.setString(2, account.constraint().name());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (PreparedStatement insert = admin.prepareStatement("INSERT INTO " + SETTINGS + " VALUES (?, ?)")) {
            insert.setString(1, table.idColumn());
            insert.setString(2, table.balanceColumn());
            insert.executeUpdate();
        }
        try (Statement statement = admin.createStatement()) {
            statement.execute("CREATE TRIGGER BENCH_VIOLATION_AUDIT AFTER UPDATE ON " + table.table()
                    + " FOR EACH ROW CALL '" + ViolationAudit.class.getName() + "'");
        }
    }

    /** Committed transitions into violation so far. */
    public static long count(Connection admin) throws SQLException {
        try (Statement statement = admin.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + VIOLATIONS)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Override
    public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before,
            int type) throws SQLException {
        String idColumn;
        String balanceColumn;
        try (Statement statement = conn.createStatement();
             ResultSet settings = statement.executeQuery("SELECT ID_COLUMN, BALANCE_COLUMN FROM " + SETTINGS)) {
            settings.next();
            idColumn = settings.getString(1);
            balanceColumn = settings.getString(2);
        }
        DatabaseMetaData metaData = conn.getMetaData();
        try (ResultSet columns = metaData.getColumns(null, schemaName, tableName, null)) {
            while (columns.next()) {
                String name = columns.getString("COLUMN_NAME");
                int index = columns.getInt("ORDINAL_POSITION") - 1;
                if (name.equalsIgnoreCase(idColumn)) {
                    idIndex = index;
                } else if (name.equalsIgnoreCase(balanceColumn)) {
                    balanceIndex = index;
                }
            }
        }
        if (idIndex < 0 || balanceIndex < 0) {
            throw new SQLException("audit: table " + tableName + " has no column " + idColumn + " or "
                    + balanceColumn);
        }
        try (Statement statement = conn.createStatement();
             ResultSet rows = statement.executeQuery("SELECT ACCOUNT_ID, RULE FROM " + RULES)) {
            while (rows.next()) {
                rules.put(rows.getString(1), Constraint.valueOf(rows.getString(2)));
            }
        }
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        if (oldRow == null || newRow == null) {
            return;
        }
        Constraint rule = rules.getOrDefault(String.valueOf(newRow[idIndex]), Constraint.NONE);
        long before = ((Number) oldRow[balanceIndex]).longValue();
        long after = ((Number) newRow[balanceIndex]).longValue();
        if (rule.allows(before) && !rule.allows(after)) {
            try (PreparedStatement insert = conn.prepareStatement(
                    "INSERT INTO " + VIOLATIONS + " (ACCOUNT_ID, OLD_BALANCE, NEW_BALANCE) VALUES (?, ?, ?)")) {
                insert.setString(1, String.valueOf(newRow[idIndex]));
                insert.setLong(2, before);
                insert.setLong(3, after);
                insert.executeUpdate();
            }
        }
    }
}
