package racelab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import racelab.postgres.PostgresBackend;
import racelab.postgres.SharedPostgres;
import racelab.scenario.Account;
import racelab.scenario.Constraint;

/** The PL/pgSQL audit counts exactly the committed updates that move an account out of its rule. */
class PostgresViolationAuditTest {

    @Test
    void countsCommittedTransitionsIntoViolationOnly() throws Exception {
        PostgresBackend backend = SharedPostgres.backend();
        var space = backend.openSpace("audit-test");
        Connection admin = space.connect();
        try (Statement sql = admin.createStatement()) {
            sql.execute("CREATE TABLE account (id VARCHAR(64) PRIMARY KEY, balance BIGINT NOT NULL)");
            sql.execute("INSERT INTO account VALUES ('alice', 10), ('loan', -10), ('free', 0)");
            PostgresViolationAudit.install(admin, new AccountsTable("ACCOUNT", "ID", "BALANCE"), List.of(
                    new Account("alice", 10, Constraint.NON_NEGATIVE), new Account("loan", -10, Constraint.NON_POSITIVE),
                    new Account("free", 0, Constraint.NONE)));
            sql.execute("UPDATE account SET balance = -5 WHERE id = 'alice'");   // into violation: counted
            sql.execute("UPDATE account SET balance = -9 WHERE id = 'alice'");   // already outside: not counted
            sql.execute("UPDATE account SET balance = 7 WHERE id = 'loan'");     // into violation: counted
            sql.execute("UPDATE account SET balance = -100 WHERE id = 'free'");  // no rule
            admin.setAutoCommit(false);
            sql.execute("UPDATE account SET balance = 5 WHERE id = 'loan'");
            sql.execute("UPDATE account SET balance = 0 WHERE id = 'alice'");
            sql.execute("UPDATE account SET balance = -1 WHERE id = 'alice'");   // rolled back: not counted
            admin.rollback();
            admin.setAutoCommit(true);
            assertThat(ViolationAudit.count(admin)).isEqualTo(2);
        } finally {
            space.drop(admin);
        }
    }
}
