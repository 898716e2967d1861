package racelab.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import racelab.scenario.LedgerScene;
import racelab.scenario.LedgerSceneLoader;

/**
 * The engine's abort of a lane's wait and the lane's own clearing of that abort cannot interleave. Found in CI
 * under load: the engine cancelled a victim's wait in the app's lock table, the victim woke, cleared the abort and
 * started its retry's first statement before the engine went on to interrupt "the JDBC call", which by then was the
 * retry's; the retry failed with HYT00 and no reason, and the schedule's outcome changed. The test holds the engine
 * inside the abort and shows that the lane's clear waits for it, whatever the threads' timing.
 */
class LaneAbortAtomicityTest {

    private static final String SCENE = String.join("\n",
            "id: one", "kind: ledger", "title: one transfer",
            "accounts:",
            "  - { id: alice, balance: 100, constraint: non-negative }",
            "  - { id: bob, balance: 0 }",
            "transfers:",
            "  - { id: T1, from: alice, to: bob, amount: 30 }",
            "mitigation: naive",
            "schedule: [T1.begin, T1.check, T1.apply, T1.commit]",
            "narration: x", "");

    @Test
    void aLaneClearsAnAbortOnlyAfterTheEngineHasFinishedEndingItsWait() throws Exception {
        LedgerScene scene = LedgerSceneLoader.parse("<test>", SCENE);
        LaneContext lane = new LaneContext(scene, scene.transfers().get(0), null, null, H2Backend.INSTANCE,
                new LockTable("app"), new LockTable("writers"));
        CountDownLatch engineInsideAbort = new CountDownLatch(1);
        CountDownLatch releaseEngine = new CountDownLatch(1);
        Thread engine = new Thread(() -> lane.abortCurrentWait("the lab broke the cycle", () -> {
            engineInsideAbort.countDown();
            awaitQuietly(releaseEngine);
        }, () -> { }), "engine");
        engine.start();
        assertThat(engineInsideAbort.await(30, TimeUnit.SECONDS)).isTrue();

        Thread victim = new Thread(lane::clearAbort, "victim");
        victim.start();
        // The victim must block on the abort, not finish: poll its state (bounded), never sleep a fixed time.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (victim.getState() != Thread.State.BLOCKED && victim.isAlive() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(victim.getState()).as("the lane's clear waits for the engine's abort").isEqualTo(Thread.State.BLOCKED);
        assertThat(lane.abortReason()).isEqualTo("the lab broke the cycle");

        releaseEngine.countDown();
        engine.join(30_000);
        victim.join(30_000);
        assertThat(victim.isAlive()).isFalse();
        assertThat(lane.abortReason()).as("cleared once the abort is over").isNull();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
