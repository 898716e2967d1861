package racelab.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import racelab.scenario.LedgerScene;
import racelab.scenario.Transfer;

/**
 * One transfer's actor: its own JDBC connection and its own thread, kept alive across runs of the same scene.
 * A step runs on the lane thread; the scheduler only hands steps over and watches.
 */
final class Lane {

    enum State { IDLE, ACTIVE, COMMITTED, DECLINED, ABORTED }

    final int index;
    final Transfer transfer;
    final Connection db;
    final Connection replica;
    final int sessionId;
    final LaneContext context;
    private final DatabaseBackend backend;
    private final ExecutorService worker;
    private final StepListener stepListener;
    private final WaitCycleOracle waitCycles;
    /** The thread running this lane's steps; the engine interrupts it to abort a lock wait (see H2Backend). */
    private volatile Thread thread;
    private final java.util.concurrent.atomic.AtomicLong clock;
    /** Whether the lane's thread is running a step (set at its start, cleared at its end). */
    private volatile boolean inStep;
    /** When this step's outcome was settled, just before it released locks: orders steps woken together. */
    private volatile long settledAt;

    // Per run; written by the lane thread, read by the scheduler after the step's future completed.
    private Mitigation mitigation;
    private boolean idempotencyKeys;
    private volatile State state = State.IDLE;
    private int attempt;
    private volatile boolean transactionOpen;
    volatile boolean cancelledByEngine;
    private volatile Map<String, Long> replicaReadsOfCheck = Map.of();
    private String endReason = "";

    Lane(int index, LedgerScene scene, Transfer transfer, Connection db, Connection replica, int sessionId,
         String databaseName, DatabaseBackend backend, LockTable instanceLocks, LockTable writerQueues,
         StepListener stepListener, WaitCycleOracle waitCycles,
         java.util.concurrent.atomic.AtomicLong clock) {
        this.clock = clock;
        this.index = index;
        this.transfer = transfer;
        this.db = db;
        this.replica = replica;
        this.sessionId = sessionId;
        this.backend = backend;
        this.stepListener = stepListener;
        this.waitCycles = waitCycles;
        this.context = new LaneContext(scene, transfer, db, replica, backend, instanceLocks, writerQueues);
        this.worker = Executors.newSingleThreadExecutor(r -> {
            // The database name in the thread name tells apart the lanes of engines that live at the same time.
            Thread thread = new Thread(r, "ledger-lane-" + transfer.id() + " " + databaseName);
            thread.setDaemon(true);
            return thread;
        });
    }

    String id() {
        return transfer.id();
    }

    State state() {
        return state;
    }

    boolean transactionOpen() {
        return transactionOpen;
    }

    Map<String, Long> replicaReadsOfCheck() {
        return replicaReadsOfCheck;
    }

    /** Prepares for a new run; the connection is idle and rolled back. */
    void reset(Mitigation mitigation, boolean idempotencyKeys) {
        this.mitigation = mitigation;
        this.idempotencyKeys = idempotencyKeys;
        this.state = State.IDLE;
        this.attempt = 1;
        this.transactionOpen = false;
        this.cancelledByEngine = false;
        this.replicaReadsOfCheck = Map.of();
        this.endReason = "";
        context.resetAttempt();
    }

    /**
     * Hands one step to the lane's thread. The scheduler is told only once the future is done (a signal sent from
     * inside the task, before the future held its result, was seen by a scheduler that then found the step not yet
     * done), and it is told on this lane's own thread: the engine settles the step and releases the next one right
     * here, so a lane whose next step is its own runs it without any thread switch, and the turn passes from lane
     * to lane without a round trip through the thread that called the engine (see LedgerEngine).
     */
    Future<List<LaneEvent>> submit(String phase) {
        FutureTask<List<LaneEvent>> step = new FutureTask<>(() -> execute(phase)) {
            @Override
            protected void done() {
                stepListener.stepDone(Lane.this);
            }
        };
        worker.execute(step);
        return step;
    }

    /** Told on the lane's thread each time one of its steps is done (its future holds the result). */
    @FunctionalInterface
    interface StepListener {
        void stepDone(Lane lane);
    }

    /** Answers, for a lane whose statement the database refused, whether the wait-for graph shows it in a cycle. */
    @FunctionalInterface
    interface WaitCycleOracle {
        boolean inWaitCycle(Lane lane);
    }

    /** PostgreSQL's SQLState for a deadlock victim, used when the lab breaks a cycle as PostgreSQL would. */
    static final String DEADLOCK_DETECTED = "40P01";

    private boolean inWaitCycle() {
        return waitCycles.inWaitCycle(this);
    }

    /**
     * Makes this lane the victim of a wait cycle the database left standing: the running statement is aborted
     * (its lock wait really ends, see {@link DatabaseBackend#abortWait}) and the lane rolls back as a deadlock victim.
     */
    void abortAsDeadlockVictim(String reason, DatabaseBackend backend, java.sql.Connection monitor)
            throws SQLException {
        abortCurrentWait(reason, backend, monitor);
    }

    /** Ends whatever this lane waits for because the schedule is stuck; the lane rolls back and ends. */
    void abortStuck(DatabaseBackend backend, java.sql.Connection monitor) throws SQLException {
        cancelledByEngine = true;
        abortCurrentWait(null, backend, monitor);
    }

    /** Ends the lane's wait, in the lab's lock tables or in a JDBC call (see {@link DatabaseBackend#abortWait}). */
    private void abortCurrentWait(String reason, DatabaseBackend backend, java.sql.Connection monitor)
            throws SQLException {
        Thread running = thread;
        context.abortCurrentWait(reason, () -> {
            context.instanceLocks().cancel(id());
            context.writerQueues().cancel(id());
        }, () -> {
            if (running != null) {
                backend.abortWait(monitor, sessionId, running);
            }
        });
    }

    /**
     * Whether the lane's thread is parked or waiting (in a database lock wait, or the lab's lock table), as the JVM
     * reports it. Only a hint of when to ask the database who blocks whom: a running step is not asked about, the
     * blocker itself always comes from the database's own lock view.
     */
    boolean threadWaiting() {
        Thread running = thread;
        if (running == null) {
            return true;
        }
        Thread.State state = running.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING || state == Thread.State.BLOCKED;
    }

    /**
     * Whether the lane's thread is inside a step and waiting there (a database lock wait, the lab's lock table): the
     * moment to read the lock view. A thread that has not yet picked the step up waits in its task queue, which says
     * nothing about locks.
     */
    boolean waitingInStep() {
        return inStep && threadWaiting();
    }

    long settledAt() {
        return settledAt;
    }

    /** Marks the moment the step's outcome was settled; a commit or rollback after it may wake other lanes. */
    private void settle() {
        if (settledAt == 0) {
            settledAt = clock.incrementAndGet();
        }
    }

    private List<LaneEvent> execute(String phase) {
        settledAt = 0;
        thread = Thread.currentThread();
        inStep = true;
        // An abort aimed at a wait that ended by itself just before must not hit this step.
        Thread.interrupted();
        context.clearAbort();
        try {
            return executeSteps(phase);
        } finally {
            settle();
            inStep = false;
        }
    }

    private List<LaneEvent> executeSteps(String phase) {
        List<LaneEvent> events = new ArrayList<>();
        if (state == State.COMMITTED || state == State.DECLINED || state == State.ABORTED) {
            context.newLog();
            events.add(context.log().event(StepOutcome.SKIPPED, null,
                    "not run: " + id() + " already ended (" + endReason + ")"));
            return events;
        }
        int target = LedgerScene.PHASES.indexOf(phase);
        int first = target;
        while (true) {
            context.newLog();
            try {
                for (int p = first; p <= target; p++) {
                    runPhase(LedgerScene.PHASES.get(p));
                }
                if (target == LedgerScene.PHASES.size() - 1) {
                    transactionOpen = false;
                    end(State.COMMITTED, "committed");
                }
                events.add(context.log().event(StepOutcome.RAN, null, null));
                return events;
            } catch (Declined declined) {
                rollback();
                end(State.DECLINED, "declined at " + phase);
                events.add(context.log().event(StepOutcome.DECLINED, null, declined.getMessage()));
                return events;
            } catch (RetryRequested retry) {
                rollback();
                if (attempt < mitigation.maxAttempts()) {
                    attempt++;
                    events.add(context.log().event(StepOutcome.RETRIED, null, retry.getMessage()
                            + "; rolled back, running the request again (attempt " + attempt + " of "
                            + mitigation.maxAttempts() + ")"));
                    first = 0;
                    continue;
                }
                end(State.ABORTED, "gave up after " + attempt + " attempts");
                events.add(context.log().event(StepOutcome.ABORTED, null, retry.getMessage() + "; rolled back and gave up "
                        + "after " + attempt + " attempts: the client gets an error"));
                return events;
            } catch (SQLException | LockTable.WaitCancelledException | CycleBroken failure) {
                String labVictim = context.abortReason();
                SQLException sqlFailure = failure instanceof SQLException e ? e : null;
                boolean deadlock = labVictim != null || (sqlFailure != null
                        && backend.isDeadlockVictim(sqlFailure, mitigation, inWaitCycle()));
                // The lab's abort interrupts this thread (see DatabaseBackend#abortWait); the flag must not leak.
                Thread.interrupted();
                rollback();
                context.clearAbort();
                String sqlState = labVictim != null ? DEADLOCK_DETECTED : sqlFailure == null ? null : sqlFailure.getSQLState();
                if (deadlock) {
                    String why = labVictim != null ? labVictim : backend.describeDeadlock(sqlState, id());
                    if (mitigation.retriesDeadlocks() && attempt < mitigation.maxAttempts()) {
                        attempt++;
                        events.add(context.log().event(StepOutcome.DEADLOCK_VICTIM, sqlState, why
                                + "; the app retries a deadlock victim, as PostgreSQL's docs advise (13.5 "
                                + "Serialization Failure Handling): running the request again (attempt " + attempt
                                + " of " + mitigation.maxAttempts() + ")"));
                        first = 0;
                        continue;
                    }
                    end(State.ABORTED, "deadlock victim");
                    events.add(context.log().event(StepOutcome.DEADLOCK_VICTIM, sqlState, why
                            + (mitigation.maxAttempts() > 1 && mitigation.retriesDeadlocks()
                            ? "; gave up after " + attempt + " attempts" : "")));
                    return events;
                }
                if (sqlFailure == null) {
                    end(State.ABORTED, "cancelled by the engine");
                    events.add(context.log().event(StepOutcome.ABORTED, null, "the schedule was stuck: "
                            + failure.getMessage() + "; the engine cancelled the wait and the lane rolled back"));
                    return events;
                }
                String reason = cancelledByEngine
                        ? "SQLState " + sqlState + ": the schedule was stuck (every remaining lane waited on another), "
                        + "so the engine aborted this statement"
                        : backend.describeFailure(sqlState, false);
                if (mitigation.retriesOn(sqlState) && attempt < mitigation.maxAttempts()) {
                    attempt++;
                    events.add(context.log().event(StepOutcome.RETRIED, sqlState, reason
                            + "; rolled back, running the request again (attempt " + attempt + " of "
                            + mitigation.maxAttempts() + ")"));
                    first = 0;
                    continue;
                }
                end(State.ABORTED, "aborted with " + sqlState);
                events.add(context.log().event(StepOutcome.ABORTED, sqlState, reason + "; rolled back"));
                return events;
            } catch (RuntimeException bug) {
                rollback();
                end(State.ABORTED, "engine error");
                events.add(context.log().event(StepOutcome.ABORTED, null, "engine error: " + bug));
                return events;
            }
        }
    }

    private void runPhase(String phase) throws SQLException {
        switch (phase) {
            case "begin":
                state = State.ACTIVE;
                context.resetAttempt();
                transactionOpen = true;
                mitigation.begin(context);
                break;
            case "check":
                mitigation.check(context);
                replicaReadsOfCheck = Map.copyOf(context.replicaReads());
                break;
            case "apply":
                if (idempotencyKeys && transfer.requestKey() != null) {
                    claimRequestKey();
                }
                context.openAccount();
                mitigation.apply(context);
                break;
            case "commit":
                settle();
                mitigation.commit(context);
                mitigation.release(context);
                break;
            default:
                throw new IllegalArgumentException("unknown phase " + phase);
        }
    }

    /**
     * Claims the request key inside the transfer's own transaction. The claim is a conditional UPDATE rather than
     * an INSERT on purpose: a second INSERT of an uncommitted unique key makes H2 wait in a retry loop that does
     * not show in {@code SESSIONS.BLOCKER_ID}, while a row lock does, so the wait is observed like every other.
     */
    private void claimRequestKey() throws SQLException {
        int rows = context.update("UPDATE applied_request SET applied_by = ? WHERE request_key = ? AND applied_by IS NULL",
                id(), transfer.requestKey());
        if (rows == 0) {
            throw new Declined("0 rows: request key '" + transfer.requestKey() + "' was already claimed by a committed "
                    + "transfer, so this is a repeat of a request that was applied; it is answered with the first "
                    + "result instead of being applied again");
        }
        context.note("claims request key '" + transfer.requestKey() + "' in the same transaction");
    }

    private void rollback() {
        settle();
        context.log().sql("ROLLBACK");
        try {
            db.rollback();
        } catch (SQLException e) {
            context.note("ROLLBACK failed with SQLState " + e.getSQLState());
        }
        context.transactionEnded();
        transactionOpen = false;
        mitigation.release(context);
    }

    private void end(State endState, String reason) {
        state = endState;
        endReason = reason;
    }

    /** Stops the thread and closes the lane's connections. */
    void close() {
        worker.shutdownNow();
        context.closeStatements();
        closeQuietly(db);
        if (replica != null) {
            closeQuietly(replica);
        }
    }

    /**
     * Waits until the lane's thread has ended. The pool reports itself terminated just before its last thread
     * returns, so the thread itself is joined too: after close, no lane thread is alive (seen under load: a thread
     * still alive right after the pool said it had terminated).
     */
    boolean awaitThreadEnd(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(millis);
        boolean terminated = worker.awaitTermination(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        Thread running = thread;
        if (running != null) {
            long leftMillis = Math.max(1, java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            running.join(leftMillis);
            terminated &= !running.isAlive();
        }
        return terminated;
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the database is shut down right after
        }
    }
}
