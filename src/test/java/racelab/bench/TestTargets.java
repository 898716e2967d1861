package racelab.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import racelab.scenario.Account;
import racelab.scenario.Constraint;
import racelab.scenario.Transfer;

/**
 * Two tiny targets that only exist to test the harness itself, independent of the ledger's mitigations: a
 * check-then-act transfer and an atomic conditional one.
 */
public final class TestTargets implements TargetCatalog {

    @Override
    public List<String> ids() {
        return List.of("test-check-then-act", "test-conditional");
    }

    @Override
    public BenchTarget create(String id) {
        if (id.equals("test-check-then-act")) {
            return new CheckThenAct();
        }
        if (id.equals("test-conditional")) {
            return new Conditional();
        }
        throw new IllegalArgumentException(id);
    }

    abstract static class Base implements BenchTarget {
        @Override
        public BenchDatabase install(List<Account> accounts) throws SQLException {
            BenchDatabase database = BenchDatabase.create();
            Connection admin = database.admin();
            try (Statement statement = admin.createStatement()) {
                statement.execute("CREATE TABLE T_ACCOUNTS (ID VARCHAR PRIMARY KEY, BALANCE BIGINT NOT NULL,"
                        + " RULE VARCHAR NOT NULL)");
            }
            try (PreparedStatement insert = admin.prepareStatement("INSERT INTO T_ACCOUNTS VALUES (?, ?, ?)")) {
                for (Account account : accounts) {
                    insert.setString(1, account.id());
                    insert.setLong(2, account.balance());
                    insert.setString(3, account.constraint().name());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return database;
        }

        @Override
        public AccountsTable accountsTable() {
            return new AccountsTable("T_ACCOUNTS", "ID", "BALANCE");
        }
    }

    static final class CheckThenAct extends Base {
        @Override
        public String id() {
            return "test-check-then-act";
        }

        @Override
        public AttemptOutcome attempt(Connection c, Transfer t) throws SQLException {
            long from = read(c, t.from());
            long to = read(c, t.to());
            boolean ok = rule(c, t.from()).allows(from - t.amount()) && rule(c, t.to()).allows(to + t.amount());
            if (!ok) {
                c.rollback();
                return AttemptOutcome.DECLINED;
            }
            add(c, t.from(), -t.amount());
            add(c, t.to(), t.amount());
            c.commit();
            return AttemptOutcome.APPLIED;
        }
    }

    static final class Conditional extends Base {
        @Override
        public String id() {
            return "test-conditional";
        }

        @Override
        public AttemptOutcome attempt(Connection c, Transfer t) throws SQLException {
            String guarded = "UPDATE T_ACCOUNTS SET BALANCE = BALANCE + ? WHERE ID = ? AND ("
                    + "(RULE = 'NON_NEGATIVE' AND BALANCE + ? >= 0) OR (RULE = 'NON_POSITIVE' AND BALANCE + ? <= 0)"
                    + " OR RULE = 'NONE')";
            // Fixed order by id, so two transfers never wait on each other in a cycle.
            boolean fromFirst = t.from().compareTo(t.to()) < 0;
            for (int i = 0; i < 2; i++) {
                boolean isFrom = (i == 0) == fromFirst;
                long delta = isFrom ? -t.amount() : t.amount();
                try (PreparedStatement update = c.prepareStatement(guarded)) {
                    update.setLong(1, delta);
                    update.setString(2, isFrom ? t.from() : t.to());
                    update.setLong(3, delta);
                    update.setLong(4, delta);
                    if (update.executeUpdate() == 0) {
                        c.rollback();
                        return AttemptOutcome.DECLINED;
                    }
                }
            }
            c.commit();
            return AttemptOutcome.APPLIED;
        }
    }

    static long read(Connection c, String id) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT BALANCE FROM T_ACCOUNTS WHERE ID = ?")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    static Constraint rule(Connection c, String id) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT RULE FROM T_ACCOUNTS WHERE ID = ?")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return Constraint.valueOf(rows.getString(1));
            }
        }
    }

    static void add(Connection c, String id, long delta) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE T_ACCOUNTS SET BALANCE = BALANCE + ? WHERE ID = ?")) {
            update.setLong(1, delta);
            update.setString(2, id);
            update.executeUpdate();
        }
    }
}
