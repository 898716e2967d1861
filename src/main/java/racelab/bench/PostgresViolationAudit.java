package racelab.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import racelab.scenario.Account;

/**
 * {@link ViolationAudit} for PostgreSQL: the same tables and the same rule (a committed update that moves an
 * account from inside its rule to outside it is counted), as a PL/pgSQL row trigger, because PostgreSQL cannot call
 * a Java trigger. The trigger's insert is part of the updating transaction, so it only counts if that commits.
 * Everything is created in the bench's own schema (the connection's search_path) and dropped with it.
 */
public final class PostgresViolationAudit {

    private PostgresViolationAudit() {
    }

    /** Creates the audit tables, the trigger function and the trigger on {@code table}. */
    public static void install(Connection admin, AccountsTable table, List<Account> accounts) throws SQLException {
        try (Statement statement = admin.createStatement()) {
            statement.execute("CREATE TABLE bench_rules (account_id VARCHAR PRIMARY KEY, rule VARCHAR NOT NULL)");
            statement.execute("CREATE TABLE bench_violations (id BIGSERIAL PRIMARY KEY, account_id VARCHAR NOT NULL,"
                    + " old_balance BIGINT NOT NULL, new_balance BIGINT NOT NULL)");
        }
        try (PreparedStatement insert = admin.prepareStatement("INSERT INTO bench_rules VALUES (?, ?)")) {
            for (Account account : accounts) {
                insert.setString(1, account.id());
                insert.setString(2, account.constraint().name());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        String id = table.idColumn().toLowerCase(java.util.Locale.ROOT);
        String balance = table.balanceColumn().toLowerCase(java.util.Locale.ROOT);
        try (Statement statement = admin.createStatement()) {
            statement.execute("CREATE FUNCTION bench_violation_audit() RETURNS trigger LANGUAGE plpgsql AS $$ "
                    + "DECLARE r VARCHAR; BEGIN "
                    + "SELECT rule INTO r FROM bench_rules WHERE account_id = NEW." + id + "; "
                    + "IF (r = 'NON_NEGATIVE' AND OLD." + balance + " >= 0 AND NEW." + balance + " < 0) "
                    + "OR (r = 'NON_POSITIVE' AND OLD." + balance + " <= 0 AND NEW." + balance + " > 0) THEN "
                    + "INSERT INTO bench_violations (account_id, old_balance, new_balance) VALUES (NEW." + id
                    + ", OLD." + balance + ", NEW." + balance + "); END IF; RETURN NEW; END $$");
            statement.execute("CREATE TRIGGER bench_violation_audit AFTER UPDATE ON " + table.table()
                    + " FOR EACH ROW EXECUTE FUNCTION bench_violation_audit()");
        }
    }
}
