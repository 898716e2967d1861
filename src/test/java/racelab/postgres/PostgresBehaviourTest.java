package racelab.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import racelab.ledger.H2Backend;
import racelab.ledger.LedgerEngine;
import racelab.ledger.LedgerRun;
import racelab.ledger.MitigationUnavailableException;
import racelab.ledger.Mitigations;
import racelab.ledger.StepOutcome;
import racelab.ledger.TraceStep;
import racelab.scenario.LedgerScene;
import racelab.scenario.LedgerSceneLoader;
import racelab.scenario.StepRef;

/** What PostgreSQL really does in the lab's scenes, observed through the engine. */
class PostgresBehaviourTest {

    /** Two transfers contend for alice; a third moves money between two other accounts and contends with nobody. */
    private static final String THREE_LANES = String.join("\n",
            "id: three-lanes",
            "kind: ledger",
            "title: Two transfers from alice and one that touches nobody else's rows",
            "accounts:",
            "  - { id: alice, balance: 100, constraint: non-negative }",
            "  - { id: bob, balance: 0, constraint: non-negative }",
            "  - { id: carol, balance: 0, constraint: non-negative }",
            "  - { id: dave, balance: 100, constraint: non-negative }",
            "  - { id: erin, balance: 0, constraint: non-negative }",
            "transfers:",
            "  - { id: T1, from: alice, to: bob, amount: 60 }",
            "  - { id: T2, from: alice, to: carol, amount: 60 }",
            "  - { id: T3, from: dave, to: erin, amount: 50 }",
            "mitigation: for-update",
            "schedule: [T1.begin, T2.begin, T3.begin, T1.check, T2.check, T3.check, T1.apply, T2.apply, T3.apply, "
                    + "T1.commit, T2.commit, T3.commit]",
            "narration: Blocking must name the lane that holds the lock.",
            "");

    private static LedgerScene scene(String id) throws Exception {
        return LedgerSceneLoader.load(Path.of("scenes", id + ".yaml"));
    }

    @Test
    void writeSkewUnderSerializableIsAbortedWith40001AtCommitAndTheRetryDeclines() throws Exception {
        LedgerScene scene = scene("write-skew");
        LedgerRun run = LedgerEngine.runOnce(scene, "serializable", scene.schedule(), SharedPostgres.backend());
        assertThat(run.verdict()).isEqualTo("safe");
        List<TraceStep> aborts = run.steps().stream().filter(s -> "40001".equals(s.sqlState())).toList();
        assertThat(aborts).hasSize(1);
        assertThat(aborts.get(0).phase()).as("SSI refuses the second COMMIT").isEqualTo("commit");
        assertThat(aborts.get(0).outcome()).isEqualTo(StepOutcome.RETRIED);
        assertThat(aborts.get(0).detail()).contains("SSI");
        // The retry reads the first transaction's committed write and declines: the group rule holds.
        TraceStep last = run.steps().stream().filter(s -> s.lane().equals(aborts.get(0).lane()))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(last.outcome()).isEqualTo(StepOutcome.DECLINED);
        assertThat(run.steps().get(0).detail()).contains("SERIALIZABLE (PostgreSQL SSI");

        LedgerRun onH2 = LedgerEngine.runOnce(scene, "serializable", scene.schedule());
        assertThat(onH2.verdict()).as("H2's SERIALIZABLE is snapshot isolation").isEqualTo("violated");
    }

    @Test
    void unorderedRowLocksDeadlockWith40P01AndTheOtherLaneCommits() throws Exception {
        LedgerScene scene = scene("opposite-transfers-deadlock");
        LedgerRun run = LedgerEngine.runOnce(scene, "for-update-unordered", scene.schedule(),
                SharedPostgres.backend());
        List<TraceStep> victims = run.steps().stream()
                .filter(s -> s.outcome() == StepOutcome.DEADLOCK_VICTIM).toList();
        assertThat(victims).hasSize(1);
        assertThat(victims.get(0).sqlState()).isEqualTo("40P01");
        assertThat(run.steps()).noneMatch(s -> "40001".equals(s.sqlState()));
        String victim = victims.get(0).lane();
        String survivor = victim.equals("T1") ? "T2" : "T1";
        // Both waits of the cycle are shown: PostgreSQL leaves the cycle in place until deadlock_timeout. Which of
        // the two is aborted depends on whose deadlock check runs first once the cycle exists (usually the first
        // waiter's; on a loaded machine its check may run before the cycle closes and find nothing).
        assertThat(run.steps()).anyMatch(s -> s.outcome() == StepOutcome.BLOCKED && s.lane().equals(victim)
                && s.blockedBy().equals(survivor));
        assertThat(run.steps()).anyMatch(s -> s.outcome() == StepOutcome.BLOCKED && s.lane().equals(survivor)
                && s.blockedBy().equals(victim));
        assertThat(run.steps()).filteredOn(s -> s.outcome() == StepOutcome.BLOCKED)
                .anyMatch(s -> s.detail().contains("closes a cycle"));
        assertThat(run.steps()).anyMatch(s -> s.lane().equals(survivor) && s.phase().equals("commit")
                && s.outcome() == StepOutcome.RAN);
        assertThat(run.verdict()).isEqualTo("safe");
        assertThat(run.steps().get(0).detail()).contains("deadlock_timeout = 200 ms");
    }

    /**
     * Seeded random interleavings of three lanes under for-update: every BLOCKED event must name a lane that holds
     * alice's row lock at that moment (it has locked in its check and not ended yet), and the lane that touches only
     * other rows is never blocked and never blocks.
     */
    @Test
    void aWaitingLaneIsReportedBlockedByTheLaneHoldingItsLock() throws Exception {
        LedgerScene scene = LedgerSceneLoader.parse("<test>", THREE_LANES);
        Random random = new Random(13);
        int blockedEvents = 0;
        try (LedgerEngine engine = LedgerEngine.open(scene, SharedPostgres.backend())) {
            for (int round = 0; round < 24; round++) {
                List<StepRef> schedule = randomInterleaving(random, List.of("T1", "T2", "T3"));
                LedgerRun run = engine.run("for-update", schedule);
                PostgresSceneMatrixTest.assertTraceIsWellFormed(run);
                Set<String> holding = new HashSet<>();
                for (TraceStep step : run.steps()) {
                    if (step.outcome() == StepOutcome.BLOCKED) {
                        blockedEvents++;
                        assertThat(step.lane()).as("%s in %s", step, schedule).isIn("T1", "T2");
                        assertThat(step.blockedBy()).as("%s in %s", step, schedule).isIn(holding)
                                .isNotEqualTo(step.lane());
                        assertThat(step.detail()).contains("pg_blocking_pids(");
                        continue;
                    }
                    if (step.phase().equals("check") && (step.outcome() == StepOutcome.RAN
                            || step.outcome() == StepOutcome.UNBLOCKED)) {
                        holding.add(step.lane());
                    }
                    if (step.phase().equals("commit") || step.outcome() == StepOutcome.DECLINED) {
                        holding.remove(step.lane());
                    }
                }
                assertThat(run.verdict()).isEqualTo("safe");
            }
        }
        assertThat(blockedEvents).as("some interleavings make a lane wait").isPositive();
    }

    private static List<StepRef> randomInterleaving(Random random, List<String> lanes) {
        List<String> phases = List.of("begin", "check", "apply", "commit");
        int[] next = new int[lanes.size()];
        List<StepRef> schedule = new ArrayList<>();
        while (schedule.size() < lanes.size() * phases.size()) {
            int lane = random.nextInt(lanes.size());
            if (next[lane] < phases.size()) {
                schedule.add(new StepRef(lanes.get(lane), phases.get(next[lane]++)));
            }
        }
        return schedule;
    }

    @Test
    void theEmbeddedServerIsARealCurrentPostgres() throws Exception {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.shared();
        try (Connection connection = server.connect();
             ResultSet rows = connection.createStatement().executeQuery("SELECT version()")) {
            rows.next();
            assertThat(rows.getString(1)).startsWith("PostgreSQL 17.");
        }
        assertThat(server.description()).startsWith("PostgreSQL 17.").endsWith("(embedded)");
    }

    @Test
    void anEngineWorksInASchemaOfItsOwnAndDropsItLeavingOtherSchemasAlone() throws Exception {
        PostgresBackend backend = SharedPostgres.backend();
        try (Connection admin = backend.server().connect(); Statement sql = admin.createStatement()) {
            sql.execute("DROP SCHEMA IF EXISTS someone_else CASCADE");
            sql.execute("CREATE SCHEMA someone_else");
            sql.execute("CREATE TABLE someone_else.account (id VARCHAR(64) PRIMARY KEY, balance BIGINT)");
            sql.execute("INSERT INTO someone_else.account VALUES ('alice', 7)");
            Set<String> before = schemas(sql);
            LedgerScene scene = scene("double-spend");
            try (LedgerEngine engine = LedgerEngine.open(scene, backend)) {
                engine.run("naive", scene.schedule());
                Set<String> during = schemas(sql);
                during.removeAll(before);
                assertThat(during).hasSize(1);
                assertThat(during.iterator().next()).startsWith("racelab_").endsWith("_double_spend_primary");
            }
            assertThat(schemas(sql)).isEqualTo(before);
            try (ResultSet rows = sql.executeQuery("SELECT balance FROM someone_else.account WHERE id = 'alice'")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(7);
            }
            sql.execute("DROP SCHEMA someone_else CASCADE");
        }
    }

    private static Set<String> schemas(Statement sql) throws SQLException {
        Set<String> names = new HashSet<>();
        try (ResultSet rows = sql.executeQuery("SELECT nspname FROM pg_namespace")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    @Test
    void advisoryLocksRunOnPostgresAndAreUnavailableOnH2WithTheReason() throws Exception {
        LedgerScene scene = scene("app-lock-two-instances");
        LedgerRun run = LedgerEngine.runOnce(scene, "advisory-lock", scene.schedule(), SharedPostgres.backend());
        assertThat(run.verdict()).isEqualTo("safe");
        assertThat(run.steps()).anyMatch(s -> s.outcome() == StepOutcome.BLOCKED
                && s.detail().contains("wait_event advisory"));
        assertThat(run.steps()).anyMatch(s -> s.sql().stream().anyMatch(q -> q.startsWith("SELECT pg_advisory_xact_lock")));

        assertThat(Mitigations.idsOn(H2Backend.INSTANCE)).hasSize(11).doesNotContain("advisory-lock");
        assertThatThrownBy(() -> LedgerEngine.runOnce(scene, "advisory-lock", scene.schedule()))
                .isInstanceOf(MitigationUnavailableException.class)
                .hasMessageContaining("H2 has no advisory locks");
    }

    @Test
    void aServerByUrlIsCheckedOnceAndABadOneGetsAOneLineReason() {
        String url = EmbeddedPostgresServer.shared().jdbcUrl();
        ExternalPostgresServer server = ExternalPostgresServer.connect(url, null, null);
        assertThat(server.description()).startsWith("PostgreSQL 17.").doesNotContain("user=");
        assertThat(server.superuser()).isTrue();

        String unreachable = "jdbc:postgresql://127.0.0.1:1/postgres";
        assertThatThrownBy(() -> ExternalPostgresServer.connect(unreachable, "lab", "secret"))
                .isInstanceOf(PostgresUnavailableException.class)
                .hasMessageStartingWith("cannot use PostgreSQL at " + unreachable + ": ")
                .hasMessageNotContaining("\n").hasMessageNotContaining("secret");
        String noDatabase = url.replace("/postgres?", "/no_such_database?");
        assertThatThrownBy(() -> ExternalPostgresServer.connect(noDatabase, null, null))
                .isInstanceOf(PostgresUnavailableException.class).hasMessageContaining("3D000");
        assertThatThrownBy(() -> ExternalPostgresServer.connect("jdbc:h2:mem:x", null, null))
                .isInstanceOf(PostgresUnavailableException.class)
                .hasMessage("--jdbc-url must start with jdbc:postgresql:, got 'jdbc:h2:mem:x'");
    }

    /**
     * A user who is not a superuser cannot shorten deadlock_timeout: the lab says so in the trace and the deadlock
     * is still found, after the server's own timeout.
     */
    @Test
    void withoutSuperuserTheServersDeadlockTimeoutStaysAndTheTraceSaysSo() throws Exception {
        String url = EmbeddedPostgresServer.shared().jdbcUrl();
        try (Connection admin = EmbeddedPostgresServer.shared().connect(); Statement sql = admin.createStatement()) {
            sql.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'racelab_student') THEN "
                    + "CREATE ROLE racelab_student LOGIN; END IF; END $$");
            sql.execute("GRANT CREATE ON DATABASE postgres TO racelab_student");
        }
        String asStudent = url.replace("user=postgres", "user=racelab_student");
        ExternalPostgresServer server = ExternalPostgresServer.connect(asStudent, null, null);
        assertThat(server.superuser()).isFalse();
        LedgerScene scene = scene("opposite-transfers-deadlock");
        LedgerRun run = LedgerEngine.runOnce(scene, "for-update-unordered", scene.schedule(),
                new PostgresBackend(server));
        assertThat(run.steps()).filteredOn(s -> s.outcome() == StepOutcome.DEADLOCK_VICTIM)
                .extracting(TraceStep::sqlState).containsExactly("40P01");
        assertThat(run.steps().get(0).detail()).contains("deadlock_timeout is the server's own");
        assertThat(run.database().sessionSettings()).anyMatch(s -> s.contains("stays at the server's 1s"));
    }
}
