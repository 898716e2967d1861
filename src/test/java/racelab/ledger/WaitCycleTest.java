package racelab.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import racelab.scenario.LedgerScene;
import racelab.scenario.LedgerSceneLoader;
import racelab.scenario.StepRef;

/**
 * Wait cycles the database does not break (and chains that are no cycle): every run ends within seconds, the lab
 * breaks a standing cycle as PostgreSQL would and says so, and a first-updater-wins abort is not called a deadlock.
 */
class WaitCycleTest {

    private static final String OPPOSITE = String.join("\n",
            "id: opposite", "kind: ledger", "title: opposite transfers",
            "accounts:",
            "  - { id: alice, balance: 100, constraint: non-negative }",
            "  - { id: bob, balance: 100, constraint: non-negative }",
            "transfers:",
            "  - { id: T1, from: alice, to: bob, amount: 30 }",
            "  - { id: T2, from: bob, to: alice, amount: 40 }",
            "mitigation: naive",
            "schedule: [T1.begin, T2.begin, T1.check, T2.check, T1.apply, T2.apply, T1.commit, T2.commit]",
            "narration: x", "");

    /**
     * An app that holds a row lock while it takes an in-process lock, in an order that depends on the request: the
     * transfer from alice locks alice's row at begin and the in-process lock "gate" at check; the other takes "gate"
     * at begin and alice's row at check. Half of the cycle is in H2, half in the app, so H2 cannot see it.
     */
    private static final class RowThenGate extends CheckThenAct {
        private final int attempts;

        RowThenGate(int attempts) {
            this.attempts = attempts;
        }

        @Override
        public String id() {
            return "row-then-gate-" + attempts;
        }

        @Override
        public String title() {
            return "test: row lock and in-process lock in request order";
        }

        @Override
        public String explanation() {
            return "test only";
        }

        @Override
        public String tradeOff() {
            return "test only";
        }

        @Override
        public int maxAttempts() {
            return attempts;
        }

        @Override
        public boolean retriesDeadlocks() {
            return attempts > 1;
        }

        @Override
        public void begin(LaneContext lane) throws SQLException {
            super.begin(lane);
            if (lane.transfer().from().equals("alice")) {
                lane.lockAndRead("alice");
            } else {
                lane.instanceLocks().acquire(lane.lane(), "gate");
            }
        }

        @Override
        public void check(LaneContext lane) throws SQLException {
            if (lane.transfer().from().equals("alice")) {
                lane.instanceLocks().acquire(lane.lane(), "gate");
            } else {
                lane.lockAndRead("alice");
            }
            super.check(lane);
        }

        @Override
        public void release(LaneContext lane) {
            lane.instanceLocks().releaseAll(lane.lane());
        }
    }

    private static LedgerScene opposite() throws Exception {
        return LedgerSceneLoader.parse("<test>", OPPOSITE);
    }

    private static List<StepRef> schedule(String text) {
        return java.util.Arrays.stream(text.split(",")).map(StepRef::parseOrNull).toList();
    }

    /** One line per event, for failure messages. */
    static final class TraceSummary {
        static String of(LedgerRun run) {
            StringBuilder text = new StringBuilder();
            run.steps().forEach(s -> text.append('\n').append(s.step()).append(' ').append(s.outcome()).append(' ')
                    .append(s.blockedBy() == null ? "" : s.blockedBy()).append(' ').append(s.detail()));
            return text.toString();
        }
    }

    private static List<TraceStep> victims(LedgerRun run) {
        return run.steps().stream().filter(s -> s.outcome() == StepOutcome.DEADLOCK_VICTIM).toList();
    }

    @Test
    void aCycleThroughAnH2RowLockWaitIsBrokenByTheLabAbortingTheLaneThatWaitedLongest() throws Exception {
        // T2 waits first (for alice's row, in H2), then T1 closes the cycle (for the gate, in the app).
        List<StepRef> schedule = schedule("T1.begin,T2.begin,T2.check,T1.check,T1.apply,T2.apply,T1.commit,T2.commit");
        LedgerRun run = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (LedgerEngine engine = LedgerEngine.open(opposite())) {
                return engine.run(new RowThenGate(1), schedule, false);
            }
        });

        assertThat(victims(run)).singleElement().satisfies(victim -> {
            assertThat(victim.lane()).isEqualTo("T2");
            assertThat(victim.sqlState()).isEqualTo("40P01");
            assertThat(victim.detail()).contains("the lab broke the cycle (T1 waits for T2, T2 waits for T1)")
                    .contains("H2 did not break it").contains("as PostgreSQL would");
        });
        assertThat(run.finalBalances()).containsEntry("alice", 70L).containsEntry("bob", 130L);
        assertThat(run.steps()).anyMatch(s -> s.step().toString().equals("T1.commit")
                && s.outcome() == StepOutcome.RAN);
    }

    @org.junit.jupiter.api.RepeatedTest(5)
    void aVictimWaitingInTheAppsLockTableIsAbortedTooAndRetriedWhenThePolicyRetries() throws Exception {
        // T1 waits first (for the gate), T2 closes the cycle in H2: T1 has waited longest.
        List<StepRef> schedule = schedule("T1.begin,T2.begin,T1.check,T2.check,T1.apply,T2.apply,T1.commit,T2.commit");
        LedgerRun run = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (LedgerEngine engine = LedgerEngine.open(opposite())) {
                return engine.run(new RowThenGate(3), schedule, false);
            }
        });

        assertThat(victims(run)).first().satisfies(victim -> {
            assertThat(victim.lane()).isEqualTo("T1");
            assertThat(victim.detail()).contains("the lab broke the cycle").contains("attempt 2 of 3");
        });
        // H2 hands a freed row to whichever session asks first, so the victim's immediate retry can take alice
        // again before T2 wakes and close the same cycle once more (PostgreSQL would queue T1 behind T2); each
        // cycle is broken again, T2 then being the lane that has waited longest.
        assertThat(victims(run)).hasSizeLessThanOrEqualTo(2);
        // Retried after T2 committed: both transfers went through.
        assertThat(run.finalBalances()).as("%s", TraceSummary.of(run)).containsEntry("alice", 110L).containsEntry("bob", 90L);
    }

    @Test
    void whileTheCycleStandsTheSchedulerParksInsteadOfSpinning() throws Exception {
        List<StepRef> schedule = schedule("T1.begin,T2.begin,T2.check,T1.check,T1.apply,T2.apply,T1.commit,T2.commit");
        try (LedgerEngine engine = LedgerEngine.open(opposite())) {
            engine.run(new RowThenGate(1), schedule, false);
            var threads = ManagementFactory.getThreadMXBean();
            long cpuBefore = threads.getCurrentThreadCpuTime();
            long wallBefore = System.nanoTime();
            engine.run(new RowThenGate(1), schedule, false);
            long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
            long wall = System.nanoTime() - wallBefore;
            // The run lasts at least the grace period; a polling loop that spins would use a core all along.
            assertThat(wall).isGreaterThan(H2Backend.INSTANCE.cycleGraceMillis() * 1_000_000L);
            assertThat(cpu).as("scheduler CPU %d ns over %d ns wall", cpu, wall).isLessThan(wall / 4);
        }
    }

    /**
     * Found by a tester: three withdrawals of 40 from 100 under optimistic-version; after T1 commits, T2 and T3 both
     * retry inside their apply step and one then waits for the other's new row lock. The old scheduler waited for
     * that lane's step to finish before recording the holder's, so nothing moved until H2's 600 s lock timeout.
     */
    @Test
    void aLaneThatRewaitsAfterARetryInsideItsStepDoesNotHangTheSchedule() throws Exception {
        LedgerScene scene = LedgerSceneLoader.parse("<test>", String.join("\n",
                "id: three-withdrawals", "kind: ledger", "title: three withdrawals",
                "accounts:",
                "  - { id: alice, balance: 100, constraint: non-negative }",
                "  - { id: bob, balance: 0 }",
                "transfers:",
                "  - { id: T1, from: alice, to: bob, amount: 40 }",
                "  - { id: T2, from: alice, to: bob, amount: 40 }",
                "  - { id: T3, from: alice, to: bob, amount: 40 }",
                "mitigation: optimistic-version",
                "schedule: [T1.begin, T1.check, T2.begin, T1.apply, T2.check, T2.apply, T3.begin, T3.check, T3.apply,"
                        + " T1.commit, T2.commit, T3.commit]",
                "narration: x", ""));
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (LedgerEngine engine = LedgerEngine.open(scene)) {
                for (int i = 0; i < 30; i++) {
                    LedgerRun run = engine.run("optimistic-version", scene.schedule());
                    // PostgreSQL does the same: the waiting UPDATE re-checks version = 0 on the committed row,
                    // matches nothing, and the app retries; no cycle, no deadlock, one lane finally declines.
                    assertThat(victims(run)).isEmpty();
                    assertThat(run.finalBalances()).containsEntry("alice", 20L);
                    assertThat(run.verdict()).isEqualTo("safe");
                }
            }
        });
    }

    /**
     * A chain, not a cycle: T3 waits for T2, T2 waits for T1; T1 commits and T2 fails first-updater-wins (40001).
     * That is a serialization failure, retried under serializable, never a deadlock victim.
     */
    @Test
    void aFirstUpdaterWinsAbortInAChainIsASerializationFailureAndIsRetried() throws Exception {
        LedgerScene scene = LedgerSceneLoader.parse("<test>", String.join("\n",
                "id: chain", "kind: ledger", "title: chain",
                "accounts:",
                "  - { id: alice, balance: 100, constraint: non-negative }",
                "  - { id: bob, balance: 0 }",
                "  - { id: carol, balance: 100, constraint: non-negative }",
                "transfers:",
                "  - { id: T1, from: alice, to: bob, amount: 40 }",
                "  - { id: T2, from: carol, to: alice, amount: 10 }",
                "  - { id: T3, from: carol, to: bob, amount: 10 }",
                "mitigation: serializable",
                "schedule: [T1.begin, T2.begin, T3.begin, T1.check, T2.check, T3.check, T1.apply, T2.apply, T3.apply,"
                        + " T1.commit, T2.commit, T3.commit]",
                "narration: x", ""));
        for (int i = 0; i < 5; i++) {
            LedgerRun run = LedgerEngine.runOnce(scene, "serializable", scene.schedule());

            assertThat(run.steps()).as("%s", run.steps()).anyMatch(s -> s.lane().equals("T3")
                    && s.outcome() == StepOutcome.BLOCKED && "T2".equals(s.blockedBy()));
            assertThat(victims(run)).isEmpty();
            assertThat(run.steps()).anyMatch(s -> s.lane().equals("T2") && s.outcome() == StepOutcome.RETRIED
                    && "40001".equals(s.sqlState()));
            assertThat(run.anomalies()).isEmpty();
        }
    }
}
