package racelab.logsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import racelab.logsim.sim.EventQueue;
import racelab.logsim.sim.ManualClock;
import racelab.logsim.sim.Seed;

class SimulationBasicsTest {

    @Test
    void clockRefusesToGoBack() {
        ManualClock clock = new ManualClock();
        clock.advanceTo(10);
        assertThatThrownBy(() -> clock.advanceTo(9)).isInstanceOf(IllegalStateException.class).hasMessageContaining("back");
        assertThat(clock.nowMs()).isEqualTo(10);
    }

    @Test
    void eventsRunByTimeThenBySchedulingOrder() {
        EventQueue queue = new EventQueue(new ManualClock(), 100);
        List<String> ran = new ArrayList<>();
        queue.at(5, () -> ran.add("b@5"));
        queue.at(1, () -> ran.add("a@1"));
        queue.at(5, () -> ran.add("c@5"));
        queue.at(3, () -> queue.after(2, () -> ran.add("d@5 scheduled later")));
        queue.runUntil(10);
        assertThat(ran).containsExactly("a@1", "b@5", "c@5", "d@5 scheduled later");
        assertThat(queue.nowMs()).isEqualTo(10);
    }

    /**
     * The queue against a reference model: with random scheduling (also from inside running events, with
     * {@code first}, and with many events at one moment), every event that runs must be the smallest pending one by
     * (time, rank), where ordinary events rank by scheduling order and {@code first} events rank below all of them in
     * the order they were asked for.
     */
    @Test
    void eachEventThatRunsIsTheSmallestPendingOneOfAReferenceModel() {
        for (long seed = 1; seed <= 40; seed++) {
            java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
            EventQueue queue = new EventQueue(new ManualClock(), 1_000_000);
            java.util.TreeSet<long[]> pending = new java.util.TreeSet<>(
                    (x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
            long[] counters = {0, Long.MIN_VALUE / 2, 0};
            for (int i = 0; i < 200; i++) {
                schedule(queue, random, pending, counters);
            }
            queue.runUntil(1_000_000);
            assertThat(pending).isEmpty();
            assertThat(queue.pending()).isZero();
            assertThat(counters[2]).as("events run").isEqualTo(queue.iterations()).isGreaterThan(200);
        }
    }

    /**
     * The same reference model with thousands of events pending, due from now to far ahead (on both sides of the
     * queue's split between events due soon and events due later, at equal times across the split, and at the end of
     * time): every event that runs is the smallest pending one, and {@code pending()} counts what the model holds.
     */
    @Test
    void withThousandsPendingNearAndFarEachEventThatRunsIsTheSmallestPendingOne() {
        long[] delaysMs = {0, 1, 3, 99, 100, 101, 150, 500, 30_000, 120_000};
        for (long seed = 1; seed <= 8; seed++) {
            long seedUsed = seed;
            java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
            EventQueue queue = new EventQueue(new ManualClock(), 10_000_000);
            java.util.TreeSet<long[]> pending = new java.util.TreeSet<>(
                    (x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
            long[] counters = {0, Long.MIN_VALUE / 2, 0};
            Runnable[] spawn = new Runnable[1];
            spawn[0] = () -> {
                boolean first = random.nextInt(16) == 0;
                long delayMs = random.nextInt(200) == 0 ? Long.MAX_VALUE : delaysMs[random.nextInt(delaysMs.length)];
                long time = first ? queue.nowMs() : EventQueue.later(queue.nowMs(), delayMs);
                long[] key = {time, first ? counters[1]++ : counters[0]++};
                pending.add(key);
                Runnable action = () -> {
                    assertThat(pending.first()).as("seed %d: the smallest pending event runs next", seedUsed)
                            .isSameAs(key);
                    pending.remove(key);
                    counters[2]++;
                    for (int c = random.nextInt(3); c > 0 && counters[0] < 60_000; c--) {
                        spawn[0].run();
                    }
                    assertThat(queue.pending()).isEqualTo(pending.size());
                };
                if (first) {
                    queue.first(action);
                } else {
                    queue.at(time, action);
                }
            };
            for (int i = 0; i < 5_000; i++) {
                spawn[0].run();
            }
            assertThat(queue.pending()).isEqualTo(5_000);
            queue.runUntil(1_000_000_000L);
            assertThat(pending).as("only the events at the end of time are left").allMatch(k -> k[0] == Long.MAX_VALUE);
            assertThat(queue.pending()).isEqualTo(pending.size());
            assertThat(counters[2]).as("events run").isEqualTo(queue.iterations()).isGreaterThan(50_000);
        }
    }

    /** Schedules one event that checks it is the reference model's smallest pending event, then may spawn more. */
    private static void schedule(EventQueue queue, java.util.SplittableRandom random, java.util.TreeSet<long[]> pending,
            long[] counters) {
        boolean first = random.nextInt(8) == 0;
        long time = first ? queue.nowMs() : queue.nowMs() + random.nextInt(4);
        long[] key = {time, first ? counters[1]++ : counters[0]++};
        pending.add(key);
        Runnable action = () -> {
            assertThat(pending.first()).as("the smallest pending event runs next").isSameAs(key);
            pending.remove(key);
            counters[2]++;
            int children = random.nextInt(3);
            for (int c = 0; c < children && counters[0] + counters[1] - Long.MIN_VALUE / 2 < 3_000; c++) {
                schedule(queue, random, pending, counters);
            }
        };
        if (first) {
            queue.first(action);
        } else {
            queue.at(time, action);
        }
    }

    @Test
    void iterationLimitStopsARunawaySimulation() {
        EventQueue queue = new EventQueue(new ManualClock(), 50);
        Runnable[] self = new Runnable[1];
        self[0] = () -> queue.after(0, self[0]);
        queue.at(0, self[0]);
        assertThatThrownBy(() -> queue.runUntil(1)).hasMessageContaining("exceeded 50 events");
    }

    @Test
    void aBudgetEndsABusyRunWithoutFailing() {
        EventQueue queue = new EventQueue(new ManualClock(), 1_000);
        queue.budget(30);
        Runnable[] self = new Runnable[1];
        self[0] = () -> queue.after(1, self[0]);
        queue.at(0, self[0]);
        queue.runUntil(1_000_000);
        assertThat(queue.exhausted()).isTrue();
        assertThat(queue.iterations()).isEqualTo(30);
        assertThat(queue.nowMs()).isEqualTo(29);
        queue.runUntil(2_000_000);
        assertThat(queue.iterations()).as("an exhausted queue runs nothing more").isEqualTo(30);
    }

    @Test
    void aDelayOfLongMaxIsScheduledAtTheEndOfTimeNotInThePast() {
        EventQueue queue = new EventQueue(new ManualClock(), 50);
        List<String> ran = new ArrayList<>();
        queue.runUntil(1_010);
        queue.after(Long.MAX_VALUE, () -> ran.add("never"));
        queue.runUntil(86_400_000);
        assertThat(ran).isEmpty();
        assertThat(queue.pending()).isEqualTo(1);
    }

    @Test
    void schedulingInThePastIsRejected() {
        EventQueue queue = new EventQueue(new ManualClock(), 50);
        queue.runUntil(5);
        assertThatThrownBy(() -> queue.at(4, () -> { })).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void childStreamsDependOnlyOnSeedAndName() {
        long a1 = new Seed(42).derive("workload").nextLong();
        long a2 = new Seed(42).derive("workload").nextLong();
        long b = new Seed(42).derive("broker-2").nextLong();
        long c = new Seed(43).derive("workload").nextLong();
        assertThat(a1).isEqualTo(a2).isNotEqualTo(b).isNotEqualTo(c);
    }
}
