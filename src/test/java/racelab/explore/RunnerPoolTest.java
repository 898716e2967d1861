package racelab.explore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import racelab.ledger.LedgerRun;
import racelab.scenario.LedgerScene;
import racelab.scenario.StepRef;

/**
 * A search on several runners gives exactly what one runner gives, splits the schedules deterministically, stops
 * on cancel and leaves nothing running; against in-memory runners (the real-H2 comparison is in
 * {@code ParallelExploreH2Test}).
 */
class RunnerPoolTest {

    /** In-memory runners that record, per runner, the schedules they replayed and whether they were closed. */
    private static final class RecordingRunners implements ScheduleRunnerFactory {
        final List<List<List<StepRef>>> replayed = new CopyOnWriteArrayList<>();
        final List<Boolean> closed = new CopyOnWriteArrayList<>();
        final ConcurrentHashMap<Integer, Boolean> threadsSeen = new ConcurrentHashMap<>();
        /** Runs in progress on any runner, and how many were in progress each time a runner was closed. */
        final AtomicInteger inFlight = new AtomicInteger();
        final List<Integer> inFlightAtClose = new CopyOnWriteArrayList<>();
        /** A run takes this many microseconds of sleep, so runners really overlap. */
        final long sleepMicros;

        RecordingRunners(long sleepMicros) {
            this.sleepMicros = sleepMicros;
        }

        @Override
        public synchronized ScheduleRunner open(LedgerScene scene) {
            int index = replayed.size();
            List<List<StepRef>> mine = Collections.synchronizedList(new ArrayList<>());
            replayed.add(mine);
            closed.add(false);
            FakeReadCommittedRunner inner = new FakeReadCommittedRunner(scene);
            return new ScheduleRunner() {
                @Override
                public LedgerRun run(String mitigation, List<StepRef> schedule) {
                    inFlight.incrementAndGet();
                    try {
                        mine.add(schedule);
                        threadsSeen.put(System.identityHashCode(Thread.currentThread()), true);
                        if (sleepMicros > 0) {
                            // Like the real engine, a run ignores an interrupt (it finishes and keeps the flag).
                            long end = System.nanoTime() + sleepMicros * 1000;
                            boolean interrupted = false;
                            while (System.nanoTime() < end) {
                                java.util.concurrent.locks.LockSupport.parkNanos(end - System.nanoTime());
                                interrupted |= Thread.interrupted();
                            }
                            if (interrupted) {
                                Thread.currentThread().interrupt();
                            }
                        }
                        return inner.run(mitigation, schedule);
                    } finally {
                        inFlight.decrementAndGet();
                    }
                }

                @Override
                public void close() {
                    inFlightAtClose.add(inFlight.get());
                    closed.set(index, true);
                }
            };
        }
    }

    private static ExploreResult search(ScheduleRunnerFactory runners, int runnerCount, LedgerScene scene,
                                        boolean prune, ProgressListener listener, Cancellation cancellation)
            throws Exception {
        return new LedgerExplorer(runners, new MitigationFootprints(), runnerCount).explore(scene, "naive",
                ExploreOptions.DEFAULT.withPrune(prune), listener, cancellation);
    }

    @Test
    void everyRunnerCountGivesTheResultAndTheProgressOfOneRunner() throws Exception {
        Random random = new Random(20261130);
        for (int trial = 0; trial < 12; trial++) {
            int lanes = 2 + random.nextInt(2);
            boolean prune = lanes == 3 || random.nextBoolean();
            int runnerCount = 2 + random.nextInt(4);
            LedgerScene scene = TestScenes.withdrawals(lanes);
            List<Long> oneProgress = new ArrayList<>();
            ExploreResult one = search(FakeReadCommittedRunner::new, 1, scene, prune,
                    p -> oneProgress.add(p.explored()), new Cancellation());
            List<ExploreProgress> manyProgress = new ArrayList<>();
            RecordingRunners runners = new RecordingRunners(trial % 3 == 0 ? 20 : 0);
            ExploreResult many = search(runners, runnerCount, scene, prune, manyProgress::add, new Cancellation());

            String label = "lanes " + lanes + ", prune " + prune + ", runners " + runnerCount;
            // The whole result: counts, every violating run in order, the examples and the minimal counterexample.
            assertThat(many).as(label).isEqualTo(one);
            assertThat(manyProgress).as(label).extracting(ExploreProgress::explored).containsExactlyElementsOf(oneProgress);
            assertThat(manyProgress).as(label).allSatisfy(p -> assertThat(p.toExplore()).isEqualTo(one.explored()));
            assertThat(runners.replayed).as(label).hasSize((int) Math.min(runnerCount,
                    (one.explored() + LedgerExplorer.MIN_SCHEDULES_PER_RUNNER - 1) / LedgerExplorer.MIN_SCHEDULES_PER_RUNNER));
            assertThat(runners.closed).as(label).containsOnly(true);
        }
    }

    @Test
    void scheduleNumberKRunsOnRunnerKModuloTheRunnersUsed() throws Exception {
        LedgerScene scene = TestScenes.withdrawals(2);
        RecordingRunners runners = new RecordingRunners(10);
        search(runners, 3, scene, false, ProgressListener.NONE, new Cancellation());

        Lanes lanes = Lanes.of(scene);
        InterleavingIterator every = new InterleavingIterator(lanes, Independence.none(lanes));
        List<List<List<StepRef>>> expected = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int k = 0; every.hasNext(); k++) {
            expected.get(k % 3).add(lanes.toSteps(every.next()));
        }
        // Runners 1 and 2 open on their own worker threads, in either order, so the factory's open order need not be
        // the runner index: each runner must have run exactly one residue class, in enumeration order.
        assertThat(runners.replayed).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(runners.replayed.get(0)).as("runner 0 opens first, in the pool's constructor")
                .isEqualTo(expected.get(0));
        assertThat(runners.threadsSeen).hasSize(3);
    }

    @Test
    void cancelStopsEveryRunnerBeforeItsNextRunAndMergesWhatRan() throws Exception {
        LedgerScene scene = TestScenes.withdrawals(3);
        RecordingRunners runners = new RecordingRunners(200);
        Cancellation cancellation = new Cancellation();
        List<Long> seen = new ArrayList<>();
        long[] startedAtCancel = {0};
        ExploreResult result = search(runners, 3, scene, false, progress -> {
            seen.add(progress.explored());
            if (progress.explored() == 40) {
                startedAtCancel[0] = runners.replayed.stream().mapToLong(List::size).sum();
                cancellation.cancel();
            }
        }, cancellation);

        assertThat(result.complete()).isFalse();
        long ran = runners.replayed.stream().mapToLong(List::size).sum();
        // Whatever was out when the cancel came finished and was counted; each runner may have been starting one
        // more run as the flag was set, none started after.
        assertThat(result.explored()).isEqualTo(ran).isGreaterThanOrEqualTo(40L)
                .isLessThanOrEqualTo(startedAtCancel[0] + 3);
        assertThat(result.outcomes().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(ran);
        assertThat(seen).isSorted().doesNotHaveDuplicates();
        assertThat(runners.closed).containsOnly(true);
        assertThat(runners.inFlightAtClose).containsOnly(0);
        assertNoRunnerThreadAlive();
    }

    @Test
    void aRunnerThatCannotOpenFailsTheSearchAndClosesTheOthers() throws Exception {
        AtomicInteger opened = new AtomicInteger();
        RecordingRunners good = new RecordingRunners(0);
        ScheduleRunnerFactory secondFails = scene -> {
            if (opened.incrementAndGet() == 2) {
                throw new java.sql.SQLException("cannot create the database", "08001");
            }
            return good.open(scene);
        };

        assertThatThrownBy(() -> search(secondFails, 2, TestScenes.withdrawals(2), false, ProgressListener.NONE,
                new Cancellation())).hasMessageContaining("cannot create the database");
        assertThat(good.closed).containsOnly(true);
        assertNoRunnerThreadAlive();
    }

    @Test
    void aRunThatFailsTwiceOnOneRunnerIsAnEngineErrorAndTheOthersGoOn() throws Exception {
        LedgerScene scene = TestScenes.withdrawals(2);
        List<StepRef> poisoned = Lanes.of(scene).toSteps(new InterleavingIterator(Lanes.of(scene),
                Independence.none(Lanes.of(scene))).next());
        ScheduleRunnerFactory failing = s -> {
            FakeReadCommittedRunner inner = new FakeReadCommittedRunner(s);
            return new ScheduleRunner() {
                @Override
                public LedgerRun run(String mitigation, List<StepRef> schedule) throws Exception {
                    if (schedule.equals(poisoned)) {
                        throw new java.sql.SQLException("General error", "HY000", 50000);
                    }
                    return inner.run(mitigation, schedule);
                }

                @Override
                public void close() {
                }
            };
        };
        ExploreResult result = search(failing, 2, scene, false, ProgressListener.NONE, new Cancellation());
        assertThat(result.complete()).isTrue();
        assertThat(result.explored()).isEqualTo(70);
        assertThat(result.outcomes().get(Outcome.ENGINE_ERROR)).isEqualTo(1);
    }

    @Test
    void aFailingProgressListenerEndsTheSearchWithItsErrorAfterTheRunsOutFinish() throws Exception {
        RecordingRunners runners = new RecordingRunners(200);
        assertThatThrownBy(() -> search(runners, 3, TestScenes.withdrawals(3), false, progress -> {
            if (progress.explored() == 7) {
                throw new IllegalStateException("the listener broke");
            }
        }, new Cancellation())).hasMessage("the listener broke");
        long ran = runners.replayed.stream().mapToLong(List::size).sum();
        assertThat(ran).isLessThan(100);
        assertThat(runners.closed).containsOnly(true);
        // No database was closed under a run still going on it.
        assertThat(runners.inFlightAtClose).containsOnly(0);
        assertNoRunnerThreadAlive();
    }

    @Test
    void theRunnerCountMustBePositive() {
        assertThatThrownBy(() -> new LedgerExplorer(FakeReadCommittedRunner::new, new MitigationFootprints(), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertNoRunnerThreadAlive() throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline && runnerThreads() > 0) {
            Thread.sleep(10);
        }
        assertThat(runnerThreads()).isZero();
    }

    private static long runnerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("explore-runner-") && t.isAlive()).count();
    }
}
