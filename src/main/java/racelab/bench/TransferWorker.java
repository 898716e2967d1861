package racelab.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import racelab.scenario.Transfer;

/**
 * One worker thread of a run: its own connection, its own request stream; sends transfers through the target
 * during the warm-up, meets the other workers at a barrier, then sends the measured ones.
 */
final class TransferWorker implements Runnable {

    /** When each phase ends: a deadline in nanoTime, or a number of transfers. */
    interface PhaseEnd {
        boolean reached(long sentInPhase, long nowNanos);
    }

    private final Connection connection;
    private final BenchTarget target;
    private final Workload.TransferStream stream;
    private final int maxAttempts;
    private final CyclicBarrier startOfMeasurement;
    private final PhaseEnd warmupEnd;
    private final java.util.function.Supplier<PhaseEnd> measuredEnd;
    private final AtomicBoolean cancelled;

    long requested;
    long applied;
    long declined;
    long declinedByDatabase;
    long failed;
    long retries;
    long deadlocks;
    final Map<String, Long> abortsBySqlState = new HashMap<>();
    final Map<String, Long> failureReasons = new HashMap<>();
    final LatencyLog latencies = new LatencyLog();
    long lastEndNanos;
    Throwable crash;

    TransferWorker(Connection connection, BenchTarget target, Workload.TransferStream stream, int maxAttempts,
            CyclicBarrier startOfMeasurement, PhaseEnd warmupEnd, java.util.function.Supplier<PhaseEnd> measuredEnd,
            AtomicBoolean cancelled) {
        this.connection = connection;
        this.target = target;
        this.stream = stream;
        this.maxAttempts = maxAttempts;
        this.startOfMeasurement = startOfMeasurement;
        this.warmupEnd = warmupEnd;
        this.measuredEnd = measuredEnd;
        this.cancelled = cancelled;
    }

    @Override
    public void run() {
        try {
            runPhase(warmupEnd, false);
            startOfMeasurement.await();
            runPhase(measuredEnd.get(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            crash = e;
        } catch (BrokenBarrierException | RuntimeException e) {
            crash = e;
        }
    }

    private void runPhase(PhaseEnd end, boolean measured) {
        long sent = 0;
        while (!cancelled.get() && !end.reached(sent, System.nanoTime())) {
            Transfer transfer = stream.next();
            requested++;
            sent++;
            long start = System.nanoTime();
            sendOne(transfer);
            long finish = System.nanoTime();
            if (measured) {
                latencies.add(finish - start);
                lastEndNanos = finish;
            }
        }
    }

    /** One request to its end: retried on aborts and lost optimistic races, up to {@code maxAttempts} tries. */
    private void sendOne(Transfer transfer) {
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (attempt > 1) {
                retries++;
            }
            try {
                AttemptOutcome outcome = target.attempt(connection, transfer);
                if (outcome == AttemptOutcome.APPLIED) {
                    applied++;
                    return;
                }
                if (outcome == AttemptOutcome.DECLINED) {
                    declined++;
                    return;
                }
                // CONFLICT: the target rolled back; try again if attempts are left.
            } catch (SQLException e) {
                String state = SqlStates.of(e);
                int isolation = isolationOrUnknown();
                rollbackQuietly();
                abortsBySqlState.merge(state, 1L, Long::sum);
                if (SqlStates.constraintRefusal(state)) {
                    declined++;
                    declinedByDatabase++;
                    return;
                }
                if (SqlStates.deadlock(state, isolation)) {
                    deadlocks++;
                }
                if (!target.retriesOn(state)) {
                    failed++;
                    failureReasons.merge("SQLState " + state, 1L, Long::sum);
                    return;
                }
                if (attempt == maxAttempts) {
                    failed++;
                    failureReasons.merge("SQLState " + state + " on the last attempt", 1L, Long::sum);
                    return;
                }
            } catch (RuntimeException e) {
                rollbackQuietly();
                failed++;
                failureReasons.merge(e.getClass().getSimpleName(), 1L, Long::sum);
                return;
            }
        }
        failed++;
        failureReasons.merge("out of attempts", 1L, Long::sum);
    }

    private int isolationOrUnknown() {
        try {
            return connection.getTransactionIsolation();
        } catch (SQLException e) {
            return -1;
        }
    }

    private void rollbackQuietly() {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // The connection is broken; the next attempt will fail and be counted.
        }
    }
}
