package racelab.explore;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import racelab.scenario.LedgerScene;

/**
 * The runners of one scene's searches: {@code size} independent {@link ScheduleRunner}s, each its own database with
 * its own lane threads (a {@link FreshRunnerOnFailure}), and one worker thread per runner.
 *
 * <p>Why: one runner passes the turn from lane to lane, so it keeps about one core busy however many the machine
 * has. Schedules are independent (every run starts from the scene's opening balances on a database no other runner
 * touches), so N runners replay N schedules at a time.
 *
 * <p>The split is deterministic: the schedules are numbered in the order the search enumerates them and schedule
 * {@code k} runs on runner {@code k mod N}, so a runner replays the same schedules in the same order on every
 * search. Results are handed to the caller in that same enumeration order, on the caller's thread, so whatever merges
 * them (counts, the smallest counterexample, progress) sees exactly what a single runner would have produced. The
 * first runner is opened at once (a scene the database cannot create fails here); the others when first used.
 */
public final class RunnerPool implements AutoCloseable {

    /** Runs one schedule on one runner; a failed run is an outcome (see the explorer), only an interrupt escapes. */
    @FunctionalInterface
    public interface Work<R> {
        R run(ScheduleRunner runner, int[] schedule) throws InterruptedException;
    }

    /** Receives each schedule's result, in enumeration order, on the thread that called {@link #runEach}. */
    @FunctionalInterface
    public interface Merge<R> {
        void accept(int[] schedule, R result);
    }

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ScheduleRunnerFactory factory;
    private final LedgerScene scene;
    private final FreshRunnerOnFailure[] runners;
    private final AtomicLongArray runsByRunner;
    private final int poolNumber = POOLS.incrementAndGet();
    private ExecutorService workers;
    private boolean closed;

    /**
     * @param size how many runners (and databases) at most; 1 runs every schedule on the calling thread
     */
    public RunnerPool(ScheduleRunnerFactory factory, LedgerScene scene, int size) throws Exception {
        if (size < 1) {
            throw new IllegalArgumentException("a search needs at least one runner, got " + size);
        }
        this.factory = factory;
        this.scene = scene;
        this.runners = new FreshRunnerOnFailure[size];
        this.runsByRunner = new AtomicLongArray(size);
        runners[0] = new FreshRunnerOnFailure(factory, scene);
    }

    /** How many runners this pool may use at once. */
    public int size() {
        return runners.length;
    }

    /** Schedules each runner has replayed since the pool opened (runner {@code i} at index {@code i}). */
    public long[] runsByRunner() {
        long[] runs = new long[runners.length];
        for (int i = 0; i < runs.length; i++) {
            runs[i] = runsByRunner.get(i);
        }
        return runs;
    }

    /** How many times some runner replaced a failed database with a fresh one. */
    public int reopened() {
        int total = 0;
        for (FreshRunnerOnFailure runner : runners) {
            total += runner == null ? 0 : runner.reopened();
        }
        return total;
    }

    /**
     * Runs {@code work} on every schedule the iterator yields and hands each result to {@code merge} in the
     * iterator's order. Uses {@code min(size, ceil(count / minPerRunner))} runners, so a small search does not pay
     * for opening databases it would hardly use. Stops claiming schedules once {@code cancellation} is set; every
     * schedule already handed to a runner finishes (no lane is left half-way through a transaction) and is merged.
     *
     * @param count how many schedules the iterator will yield (to size the split; not enforced)
     * @return true when every schedule ran, false when the search was cancelled first
     */
    public <R> boolean runEach(Iterator<int[]> schedules, long count, long minPerRunner, Work<R> work,
                               Merge<R> merge, Cancellation cancellation) throws Exception {
        if (closed) {
            throw new IllegalStateException("runner pool is closed");
        }
        long wanted = Math.max(1, (count + minPerRunner - 1) / Math.max(1, minPerRunner));
        int used = (int) Math.min(runners.length, wanted);
        if (used == 1) {
            // One runner: the calling thread runs and merges each schedule in turn, as the explorer always did.
            while (schedules.hasNext()) {
                if (cancellation.isCancelled()) {
                    return false;
                }
                int[] schedule = schedules.next();
                R result = work.run(runners[0], schedule);
                runsByRunner.incrementAndGet(0);
                merge.accept(schedule, result);
            }
            return true;
        }
        return new Split<>(schedules, used, work, cancellation).run(merge);
    }

    private synchronized ExecutorService workers() {
        if (workers == null) {
            AtomicInteger number = new AtomicInteger();
            workers = Executors.newFixedThreadPool(runners.length, task -> {
                Thread thread = new Thread(task, "explore-runner-" + poolNumber + "." + number.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        }
        return workers;
    }

    /** Runner {@code index}, opened on first use (on the worker's thread, so databases open in parallel). */
    private ScheduleRunner runner(int index) throws Exception {
        synchronized (runners) {
            if (runners[index] != null) {
                return runners[index];
            }
        }
        FreshRunnerOnFailure opened = new FreshRunnerOnFailure(factory, scene);
        synchronized (runners) {
            if (closed) {
                opened.close();
                throw new IllegalStateException("runner pool is closed");
            }
            runners[index] = opened;
            return opened;
        }
    }

    /** Closes every runner (their databases, connections and lane threads) and stops the worker threads. */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        synchronized (runners) {
            if (closed) {
                return;
            }
            closed = true;
        }
        synchronized (this) {
            if (workers != null) {
                workers.shutdownNow();
                try {
                    // Idle by now (every search waits for its workers), so this returns at once; bounded anyway.
                    workers.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        for (FreshRunnerOnFailure runner : runners) {
            if (runner != null) {
                try {
                    runner.close();
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    /** One search split over several runners: numbered claims, one worker per runner, an ordered merge. */
    private final class Split<R> {
        private final Iterator<int[]> schedules;
        private final int used;
        private final Work<R> work;
        private final Cancellation cancellation;
        /** Claimed but not yet run schedules, per runner (filled while enumerating for another runner). */
        private final List<Deque<Claim>> dealt = new ArrayList<>();
        private final LinkedBlockingQueue<Done<R>> done = new LinkedBlockingQueue<>();
        private long numbered;
        private boolean cancelledEarly;
        private volatile boolean stop;

        Split(Iterator<int[]> schedules, int used, Work<R> work, Cancellation cancellation) {
            this.schedules = schedules;
            this.used = used;
            this.work = work;
            this.cancellation = cancellation;
            for (int i = 0; i < used; i++) {
                dealt.add(new ArrayDeque<>());
            }
        }

        boolean run(Merge<R> merge) throws Exception {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < used; i++) {
                int index = i;
                running.add(workers().submit(() -> work(index)));
            }
            Map<Long, Done<R>> early = new HashMap<>();
            long next = 0;
            int ended = 0;
            Throwable failure = null;
            try {
                while (ended < used) {
                    Done<R> item = done.take();
                    if (item.claim == null) {
                        ended++;
                        if (item.failure != null && failure == null) {
                            failure = item.failure;
                            stop = true;
                        }
                        continue;
                    }
                    early.put(item.claim.number, item);
                    for (Done<R> ready = early.remove(next); ready != null; ready = early.remove(next)) {
                        merge.accept(ready.claim.schedule, ready.result);
                        next++;
                    }
                }
            } catch (InterruptedException | RuntimeException | Error e) {
                // The caller was interrupted or its merge (a progress listener, say) failed: no runner starts another
                // run, and the runs already out, which end on their own within seconds, end before the pool's
                // databases can be closed under them.
                stop = true;
                awaitUninterruptibly(running);
                throw e;
            }
            if (failure != null) {
                if (failure instanceof Exception e) {
                    throw e;
                }
                throw new IllegalStateException(failure);
            }
            // After a cancel, runs claimed by one runner may be missing between others' results: merge the rest in
            // order too.
            early.keySet().stream().sorted().forEach(number -> {
                Done<R> item = early.get(number);
                merge.accept(item.claim.schedule, item.result);
            });
            synchronized (this) {
                return !cancelledEarly;
            }
        }

        private void work(int index) {
            Throwable failure = null;
            try {
                ScheduleRunner runner = runner(index);
                for (Claim claim = claim(index); claim != null; claim = claim(index)) {
                    R result = work.run(runner, claim.schedule);
                    runsByRunner.incrementAndGet(index);
                    done.add(new Done<>(claim, result, null));
                }
            } catch (Throwable e) {
                stop = true;
                failure = e;
            } finally {
                done.add(new Done<>(null, null, failure));
            }
        }

        /** The next schedule for runner {@code index}: the next one numbered {@code index} modulo the runners used. */
        private synchronized Claim claim(int index) {
            Deque<Claim> mine = dealt.get(index);
            if (stop) {
                return null;
            }
            if (cancellation.isCancelled()) {
                if (!mine.isEmpty() || schedules.hasNext()) {
                    cancelledEarly = true;
                }
                mine.clear();
                return null;
            }
            while (mine.isEmpty() && schedules.hasNext()) {
                long number = numbered++;
                dealt.get((int) (number % used)).addLast(new Claim(number, schedules.next()));
            }
            return mine.pollFirst();
        }

        private void awaitUninterruptibly(List<Future<?>> running) {
            boolean interrupted = false;
            for (Future<?> future : running) {
                while (true) {
                    try {
                        future.get();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    } catch (ExecutionException e) {
                        break;
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private record Claim(long number, int[] schedule) {
    }

    private record Done<R>(Claim claim, R result, Throwable failure) {
    }
}
