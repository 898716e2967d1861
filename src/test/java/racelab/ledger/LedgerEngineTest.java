package racelab.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import racelab.check.Anomaly;
import racelab.check.AnomalyType;
import racelab.scenario.LedgerScene;
import racelab.scenario.LedgerSceneLoader;
import racelab.scenario.ScheduleRules;
import racelab.scenario.StepRef;

class LedgerEngineTest {

    private static LedgerScene scene(String id) throws Exception {
        return LedgerSceneLoader.load(Path.of("scenes", id + ".yaml"));
    }

    private static TraceStep first(LedgerRun run, String step, StepOutcome outcome) {
        StepRef ref = StepRef.parseOrNull(step);
        return run.steps().stream().filter(s -> s.step().equals(ref) && s.outcome() == outcome).findFirst()
                .orElseThrow(() -> new AssertionError("no " + outcome + " event for " + step + " in " + run.steps()));
    }

    private static int indexOf(LedgerRun run, String step, StepOutcome outcome) {
        return first(run, step, outcome).index();
    }

    @Test
    void doubleSpendUnderNaiveOverdrawsAlice() throws Exception {
        LedgerRun run = LedgerEngine.runOnce(scene("double-spend"), "naive", scene("double-spend").schedule());

        assertThat(run.finalBalances()).containsEntry("alice", -60L).containsEntry("bob", 160L);
        assertThat(run.anomalies()).extracting(Anomaly::type).containsExactly(AnomalyType.CONSTRAINT_VIOLATED);
        assertThat(first(run, "T2.check", StepOutcome.RAN).detail()).contains("alice = 100");
        assertThat(first(run, "T1.check", StepOutcome.RAN).sql())
                .containsExactly("SELECT id, balance, version FROM account WHERE id IN ('alice', 'bob') ORDER BY id");
    }

    @Test
    void forUpdateBlocksTheSecondCheckUntilTheFirstCommits() throws Exception {
        LedgerScene scene = scene("double-spend");
        LedgerRun run = LedgerEngine.runOnce(scene, "for-update", scene.schedule());

        TraceStep blocked = first(run, "T2.check", StepOutcome.BLOCKED);
        assertThat(blocked.blockedBy()).isEqualTo("T1");
        assertThat(blocked.detail()).contains("BLOCKER_ID");
        assertThat(blocked.sql()).last().asString().endsWith("FOR UPDATE");
        int declined = indexOf(run, "T2.check", StepOutcome.DECLINED);
        assertThat(declined).isGreaterThan(indexOf(run, "T1.commit", StepOutcome.RAN));
        assertThat(run.steps().get(declined).detail()).contains("alice = 20").contains("released when T1");
        assertThat(run.verdict()).isEqualTo("safe");
        assertThat(run.finalBalances()).containsEntry("alice", 20L);
    }

    @Test
    void unorderedLocksDeadlockAndH2AbortsTheCycleCloserWith40001() throws Exception {
        LedgerScene scene = scene("opposite-transfers-deadlock");
        LedgerRun run = LedgerEngine.runOnce(scene, "for-update-unordered", scene.schedule());

        TraceStep victim = first(run, "T2.apply", StepOutcome.DEADLOCK_VICTIM);
        assertThat(victim.sqlState()).isEqualTo("40001");
        assertThat(first(run, "T1.apply", StepOutcome.BLOCKED).blockedBy()).isEqualTo("T2");
        assertThat(indexOf(run, "T1.apply", StepOutcome.UNBLOCKED)).isGreaterThan(victim.index());
        assertThat(run.anomalies()).extracting(Anomaly::type).containsExactly(AnomalyType.DEADLOCK);
        assertThat(run.verdict()).isEqualTo("safe");
        assertThat(run.finalBalances()).containsEntry("alice", 70L).containsEntry("bob", 130L);

        LedgerRun ordered = LedgerEngine.runOnce(scene, "for-update", scene.schedule());
        assertThat(ordered.steps()).noneMatch(s -> s.outcome() == StepOutcome.DEADLOCK_VICTIM);
        assertThat(first(ordered, "T2.check", StepOutcome.BLOCKED).blockedBy()).isEqualTo("T1");
        assertThat(ordered.finalBalances()).containsEntry("alice", 110L).containsEntry("bob", 90L);
    }

    @Test
    void writeSkewSurvivesH2SerializableAndTheRunSaysWhy() throws Exception {
        LedgerScene scene = scene("write-skew");
        LedgerRun run = LedgerEngine.runOnce(scene, "serializable", scene.schedule());

        assertThat(run.verdict()).isEqualTo("violated");
        Anomaly skew = run.anomalies().stream().filter(a -> a.type() == AnomalyType.WRITE_SKEW).findFirst().orElseThrow();
        assertThat(skew.message()).contains("snapshot isolation").contains("PostgreSQL SERIALIZABLE (SSI) would abort")
                .contains("provided every transaction involved runs SERIALIZABLE");
        assertThat(skew.literature()).isEqualTo("G2-item write skew");
        // Under repeatable-read it is not H2's fault: PostgreSQL's REPEATABLE READ allows write skew as well.
        Anomaly underRepeatableRead = LedgerEngine.runOnce(scene, "repeatable-read", scene.schedule()).anomalies()
                .stream().filter(a -> a.type() == AnomalyType.WRITE_SKEW).findFirst().orElseThrow();
        assertThat(underRepeatableRead.message()).contains("snapshot isolation on PostgreSQL as on H2")
                .doesNotContain("H2's SNAPSHOT");
        assertThat(first(run, "T1.begin", StepOutcome.RAN).detail()).contains("no write-skew protection");
        assertThat(Mitigations.byId("serializable").orElseThrow().explanation()).contains("does NOT prevent write skew");
        assertThat(run.steps()).noneMatch(s -> s.outcome() == StepOutcome.RETRIED);

        LedgerRun locked = LedgerEngine.runOnce(scene, "for-update", scene.schedule());
        assertThat(locked.verdict()).isEqualTo("safe");
        assertThat(first(locked, "T2.check", StepOutcome.DECLINED).detail()).contains("household");
    }

    @Test
    void serializableRetriesTheSameRowConflictAndDeclinesOnTheFreshRead() throws Exception {
        LedgerScene scene = scene("double-spend");
        LedgerRun run = LedgerEngine.runOnce(scene, "serializable", scene.schedule());

        TraceStep retried = first(run, "T2.apply", StepOutcome.RETRIED);
        assertThat(retried.sqlState()).isEqualTo("40001");
        assertThat(retried.detail()).contains("attempt 2 of 3");
        assertThat(first(run, "T2.apply", StepOutcome.DECLINED).detail()).contains("alice = 20");
    }

    @Test
    void repeatableReadRetryIsTheSameIsolationWithARetryPolicy() throws Exception {
        Mitigation plain = Mitigations.byId("repeatable-read").orElseThrow();
        Mitigation retrying = Mitigations.byId("repeatable-read-retry").orElseThrow();
        assertThat(retrying.isolationLevel()).isEqualTo(plain.isolationLevel());
        assertThat(plain.maxAttempts()).isEqualTo(1);
        assertThat(retrying.maxAttempts()).isGreaterThan(1);
        assertThat(retrying.retriesOn("40001")).isTrue();
        assertThat(retrying.retriesDeadlocks()).isTrue();

        // The same first-updater-wins 40001: an error for the client without a retry, a clean decline with one.
        LedgerScene scene = scene("double-spend");
        LedgerRun failed = LedgerEngine.runOnce(scene, "repeatable-read", scene.schedule());
        assertThat(first(failed, "T2.apply", StepOutcome.ABORTED).sqlState()).isEqualTo("40001");
        LedgerRun retried = LedgerEngine.runOnce(scene, "repeatable-read-retry", scene.schedule());
        TraceStep retry = first(retried, "T2.apply", StepOutcome.RETRIED);
        assertThat(retry.sqlState()).isEqualTo("40001");
        assertThat(retry.detail()).contains("attempt 2 of 3");
        assertThat(first(retried, "T2.apply", StepOutcome.DECLINED).detail()).contains("alice = 20");
        assertThat(retried.verdict()).isEqualTo("safe");
        assertThat(retried.finalBalances()).isEqualTo(failed.finalBalances());

        // And where the 40001 happened to stop a repeated request, the retry applies it twice.
        LedgerScene repeated = scene("retry-applied-twice");
        assertThat(LedgerEngine.runOnce(repeated, "repeatable-read", repeated.schedule()).verdict()).isEqualTo("safe");
        LedgerRun twice = LedgerEngine.runOnce(repeated, "repeatable-read-retry", repeated.schedule());
        assertThat(twice.has(AnomalyType.DUPLICATE_APPLY)).isTrue();
        assertThat(twice.steps()).anyMatch(s -> s.outcome() == StepOutcome.RETRIED && "40001".equals(s.sqlState()));
    }

    @Test
    void optimisticVersionRetriesAfterAFailedCompareAndSet() throws Exception {
        LedgerScene scene = scene("double-spend");
        LedgerRun run = LedgerEngine.runOnce(scene, "optimistic-version", scene.schedule());

        TraceStep retried = first(run, "T2.apply", StepOutcome.RETRIED);
        assertThat(retried.sql().get(0)).contains("AND version = 0");
        assertThat(retried.rowsAffected()).isZero();
        assertThat(run.verdict()).isEqualTo("safe");
    }

    @Test
    void checkConstraintRejectsWith23513() throws Exception {
        LedgerScene scene = scene("double-spend");
        LedgerRun run = LedgerEngine.runOnce(scene, "check-constraint", scene.schedule());

        assertThat(first(run, "T2.apply", StepOutcome.ABORTED).sqlState()).isEqualTo("23513");
    }

    @Test
    void appLockBlocksWithinOneInstanceButNotAcrossTwo() throws Exception {
        LedgerScene one = scene("double-spend");
        LedgerRun sameInstance = LedgerEngine.runOnce(one, "app-lock", one.schedule());
        TraceStep blocked = first(sameInstance, "T2.check", StepOutcome.BLOCKED);
        assertThat(blocked.blockedBy()).isEqualTo("T1");
        assertThat(blocked.detail()).contains("app-1 in-process");
        assertThat(sameInstance.verdict()).isEqualTo("safe");

        LedgerScene two = scene("app-lock-two-instances");
        LedgerRun twoInstances = LedgerEngine.runOnce(two, "app-lock", two.schedule());
        assertThat(twoInstances.steps()).noneMatch(s -> s.outcome() == StepOutcome.BLOCKED);
        assertThat(twoInstances.verdict()).isEqualTo("violated");
        LedgerRun queued = LedgerEngine.runOnce(two, "single-writer", two.schedule());
        assertThat(first(queued, "T2.begin", StepOutcome.BLOCKED).detail()).contains("single-writer queue");
        assertThat(queued.verdict()).isEqualTo("safe");
    }

    @Test
    void absoluteWriteLosesAnUpdateAndCreatesMoney() throws Exception {
        LedgerScene scene = scene("lost-update-absolute-write");
        LedgerRun run = LedgerEngine.runOnce(scene, "naive", scene.schedule());

        Anomaly lost = run.anomalies().stream().filter(a -> a.type() == AnomalyType.LOST_UPDATE).findFirst().orElseThrow();
        assertThat(lost.account()).isEqualTo("alice");
        assertThat(lost.message()).contains("T1's change was overwritten");
        assertThat(run.has(AnomalyType.MONEY_CREATED)).isTrue();
        assertThat(first(run, "T1.apply", StepOutcome.RAN).sql()).contains("UPDATE account SET balance = 20 WHERE id = 'alice'");
    }

    @Test
    void staleReplicaReadIsNamed() throws Exception {
        LedgerScene scene = scene("stale-replica-read");
        LedgerRun run = LedgerEngine.runOnce(scene, "naive", scene.schedule());

        assertThat(run.has(AnomalyType.STALE_READ)).isTrue();
        assertThat(first(run, "T2.check", StepOutcome.RAN).sql().get(0)).startsWith("/* replica */");
        assertThat(first(run, "replica.replicate", StepOutcome.RAN).detail()).contains("alice 100 -> 20");
        LedgerRun primaryRead = LedgerEngine.runOnce(scene, "for-update", scene.schedule());
        assertThat(primaryRead.has(AnomalyType.STALE_READ)).isFalse();
    }

    @Test
    void idempotencyKeyMakesTheRetryWaitAndThenDecline() throws Exception {
        LedgerScene scene = scene("retry-applied-twice");
        try (LedgerEngine engine = LedgerEngine.open(scene)) {
            LedgerRun without = engine.run("naive", scene.schedule(), false);
            assertThat(without.has(AnomalyType.DUPLICATE_APPLY)).isTrue();
            assertThat(without.finalBalances()).containsEntry("alice", 40L);

            LedgerRun with = engine.run("naive", scene.schedule(), true);
            assertThat(first(with, "T2.apply", StepOutcome.BLOCKED).blockedBy()).isEqualTo("T1");
            assertThat(first(with, "T2.apply", StepOutcome.DECLINED).detail()).contains("order-42");
            assertThat(with.finalBalances()).containsEntry("alice", 70L);
            assertThat(with.idempotencyKeys()).isTrue();
        }
    }

    @Test
    void aStepDueForABlockedLaneRunsAsSoonAsTheLaneIsReleased() throws Exception {
        LedgerScene scene = scene("double-spend");
        List<StepRef> schedule = ScheduleRules.parseList(
                "T1.begin,T1.check,T2.begin,T2.check,T2.apply,T2.commit,T1.apply,T1.commit");
        LedgerRun run = LedgerEngine.runOnce(scene, "for-update", schedule);

        int t1Commit = indexOf(run, "T1.commit", StepOutcome.RAN);
        int t2CheckDone = indexOf(run, "T2.check", StepOutcome.DECLINED);
        assertThat(t2CheckDone).isGreaterThan(t1Commit);
        TraceStep lateApply = first(run, "T2.apply", StepOutcome.SKIPPED);
        assertThat(lateApply.index()).isGreaterThan(t2CheckDone);
        assertThat(lateApply.detail()).contains("due earlier");
    }

    @Test
    void aSceneWrittenInTheDocumentedFormatRuns() throws Exception {
        String text = String.join("\n",
                "id: three-atms",
                "kind: ledger",
                "title: Three ATMs",
                "accounts:",
                "  - { id: current, balance: 250, constraint: non-negative }",
                "  - { id: cash, balance: 0 }",
                "transfers:",
                "  - { id: W1, from: current, to: cash, amount: 100 }",
                "  - { id: W2, from: current, to: cash, amount: 100 }",
                "  - { id: W3, from: current, to: cash, amount: 100 }",
                "mitigation: naive",
                "schedule: [W1.begin, W2.begin, W3.begin, W1.check, W2.check, W3.check,",
                "           W1.apply, W1.commit, W2.apply, W2.commit, W3.apply, W3.commit]",
                "narration: Three ATMs read 250.",
                "");
        LedgerScene scene = LedgerSceneLoader.parse("three-atms.yaml", text);
        try (LedgerEngine engine = LedgerEngine.open(scene)) {
            LedgerRun naive = engine.run("naive", scene.schedule());
            assertThat(naive.finalBalances()).containsEntry("current", -50L);
            assertThat(naive.verdict()).isEqualTo("violated");
            LedgerRun conditional = engine.run("conditional-update", scene.schedule());
            assertThat(conditional.finalBalances()).containsEntry("current", 50L);
            assertThat(first(conditional, "W3.apply", StepOutcome.DECLINED)).isNotNull();
        }
    }

    @Test
    void fastResetReplaysTheSameScheduleIdentically() throws Exception {
        LedgerScene scene = scene("double-spend");
        try (LedgerEngine engine = LedgerEngine.open(scene)) {
            LedgerRun reference = engine.run("for-update", scene.schedule());
            for (int i = 0; i < 30; i++) {
                String mitigation = Mitigations.ids().get(i % Mitigations.ids().size());
                engine.run(mitigation, scene.schedule());
                LedgerRun again = engine.run("for-update", scene.schedule());
                assertThat(again.steps()).extracting(TraceStep::outcome)
                        .containsExactlyElementsOf(reference.steps().stream().map(TraceStep::outcome).toList());
                assertThat(again.finalBalances()).isEqualTo(reference.finalBalances());
            }
            // The CHECK constraint comes and goes with its mitigation.
            assertThat(engine.run("check-constraint", scene.schedule()).verdict()).isEqualTo("safe");
            assertThat(engine.run("naive", scene.schedule()).finalBalances()).containsEntry("alice", -60L);
        }
    }

    @Test
    void theDeadlockTraceIsTheSameOnEveryReplay() throws Exception {
        LedgerScene scene = scene("opposite-transfers-deadlock");
        try (LedgerEngine engine = LedgerEngine.open(scene)) {
            List<String> reference = null;
            for (int i = 0; i < 100; i++) {
                List<String> events = engine.run("for-update-unordered", scene.schedule()).steps().stream()
                        .map(s -> s.step() + " " + s.outcome() + " " + s.blockedBy()).toList();
                if (reference == null) {
                    reference = events;
                }
                assertThat(events).as("replay %d", i).isEqualTo(reference);
            }
            assertThat(reference).contains("T2.apply DEADLOCK_VICTIM null", "T1.apply UNBLOCKED null");
        }
    }

    @Test
    void closingReleasesThreadsSessionsAndTheDatabase() throws Exception {
        LedgerScene scene = scene("stale-replica-read");
        LedgerEngine engine = LedgerEngine.open(scene);
        String database = engine.databaseSpace().name();
        String url = "jdbc:h2:mem:" + database;
        // Count only this engine's lanes: engines of earlier tests may still be winding down on their own threads.
        for (String mitigation : Mitigations.ids()) {
            engine.run(mitigation, scene.schedule());
        }
        assertThat(laneThreads(database)).isEqualTo(2);
        assertThat(sessions(url)).as("monitor + two lanes + this probe").isEqualTo(4);
        engine.close();

        assertThat(laneThreads(database)).isZero();
        assertThatThrownBy(() -> DriverManager.getConnection(url + ";IFEXISTS=TRUE", "sa", "").close())
                .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> engine.run("naive", scene.schedule())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void badInputIsRefused() throws Exception {
        LedgerScene scene = scene("double-spend");
        try (LedgerEngine engine = LedgerEngine.open(scene)) {
            assertThatThrownBy(() -> engine.run("magic", scene.schedule()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown mitigation 'magic'");
            assertThatThrownBy(() -> engine.run("naive", scene.schedule().subList(0, 7)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing step T2.commit");
        }
    }

    @Test
    void everyMitigationExplainsItselfAndMatchesTheLoadersList() {
        assertThat(Mitigations.ids()).containsExactlyElementsOf(LedgerSceneLoader.MITIGATION_IDS);
        for (Mitigation mitigation : Mitigations.all()) {
            assertThat(mitigation.explanation()).as(mitigation.id()).hasSizeGreaterThan(200);
            assertThat(mitigation.tradeOff()).as(mitigation.id()).hasSizeGreaterThan(100);
            assertThat(Mitigations.byId(mitigation.id())).isEqualTo(Optional.of(mitigation));
        }
        assertThat(Mitigations.byId("repeatable-read").orElseThrow().explanation()).contains("PostgreSQL REPEATABLE READ");
    }

    private static long laneThreads(String database) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("ledger-lane-") && t.getName().endsWith(" " + database))
                .count();
    }

    private static int sessions(String url) throws SQLException {
        try (var connection = DriverManager.getConnection(url, "sa", "");
             var rows = connection.createStatement().executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
