package racelab.ledger;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.TimeUnit;
import racelab.check.AnomalyDetector;
import racelab.check.LaneResult;
import racelab.scenario.LedgerScene;
import racelab.scenario.ScheduleRules;
import racelab.scenario.StepRef;
import racelab.scenario.Transfer;

/**
 * Replays schedules of one ledger scene on a real database (embedded H2 by default, see {@link DatabaseBackend}):
 * one JDBC connection and one thread per lane, one step released at a time in schedule order. The turn passes from
 * lane to lane: a lane whose step is done settles it and releases the next step on its own thread, so consecutive
 * steps of one lane run with no thread switch, and the calling thread only starts the run, looks after waits no
 * lane can report, and is woken at the end (see {@link Replay#play}).
 *
 * <p>A step waiting on a lock is reported BLOCKED with the lane holding it, as the database shows it (H2:
 * each session's BLOCKER_ID as {@code INFORMATION_SCHEMA.SESSIONS} shows it, read in process from H2's session objects,
 * see {@link H2Backend#lockWaitQuery}) or as the lab's own lock
 * table shows it; the schedule goes on, and the waiting step is recorded again when it completes. A step due for a
 * lane that is still blocked runs as soon as the lane is released.
 *
 * <p>The observed waits form a wait-for graph ({@link WaitForGraph}). A cycle the database does not break within its
 * grace period ({@link DatabaseBackend#cycleGraceMillis}) is broken by the lab the way PostgreSQL would, and the
 * victim's trace says "the lab broke the cycle"; a 40001 is called a deadlock only when the graph shows a cycle.
 * If at the end every remaining lane still waits, the engine aborts the first one's statement in the way that
 * really ends a lock wait on the backend ({@link DatabaseBackend#abortWait}), so every run ends within seconds.
 * While it waits, the calling thread parks with a growing back-off instead of spinning.
 *
 * <p>The engine keeps the database, connections and lane threads between runs and resets balances with one
 * statement, and only after a run in which a lane sent a COMMIT, so the explorer can replay thousands of schedules;
 * close it when done.
 *
 * <pre>{@code
 * try (LedgerEngine engine = LedgerEngine.open(scene)) {
 *     LedgerRun run = engine.run("for-update", scene.schedule());
 * }
 * }</pre>
 */
public final class LedgerEngine implements AutoCloseable {

    /** A step that neither completes nor shows as blocked for this long is cancelled; a safety net, not a timer. */
    private long watchdogNanos = TimeUnit.SECONDS.toNanos(3);
    /**
     * How soon the calling thread first looks at a released step that has not finished: a step that waits for a
     * lock cannot say so itself, so someone must look (see {@link Replay#play}). Lanes that finish steps drive the
     * schedule themselves; this look costs a thread wake-up only while a step is running.
     */
    private static final long POLL_WAIT_MICROS = 50;
    /** Polls back off to this while nothing moves, so a long wait parks instead of spinning a core. */
    private static final long POLL_WAIT_MAX_MICROS = 4_000;
    /** Once the poll interval has grown to this (nothing moved for about 1.5 ms), the calling thread looks anyway. */
    private static final long STILL_LOOK_MICROS = 800;
    private static final long STUCK_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final LedgerScene scene;
    private final DatabaseBackend backend;
    private final LedgerDatabase primary;
    private final LedgerDatabase replica;
    private final List<Lane> lanes = new ArrayList<>();
    private final Map<String, Lane> laneById = new HashMap<>();
    private final Map<Integer, Lane> laneBySession = new HashMap<>();
    private final Map<String, LockTable> instanceLocks = new HashMap<>();
    private final LockTable writerQueues = new LockTable("single-writer queue");
    /** The run being replayed, if any: a lane that finishes a step settles it and releases the next one. */
    private volatile Replay active;
    /** Whether a lane may have committed since the primary was last reset (a reset of clean rows is skipped). */
    private boolean primaryDirty = true;
    /** Whether a replicate step may have changed the replica since it was last reset. */
    private boolean replicaDirty = true;
    /** The committed balances read right after the last reset, reused while nothing was committed since. */
    private Map<String, Long> openingBalances;
    private final Map<String, String> reportedBlocker = new ConcurrentHashMap<>();
    /**
     * The wait-for graph as last observed: lane id to the id of the lane it waits for, only for lanes whose step is
     * still running. Written by the scheduler, read by lane threads when a statement is refused.
     */
    private final Map<String, String> currentWaits = new ConcurrentHashMap<>();
    private final DatabaseBackend.LockWaitQuery lockWaits;
    /** Per-session settings the backend gave every lane, said once at the top of each trace. */
    private final List<String> sessionSettings;
    private final RunDatabase database;
    private final java.util.concurrent.atomic.AtomicLong settleClock = new java.util.concurrent.atomic.AtomicLong();
    private String isolationMitigation;
    private boolean closed;

    private LedgerEngine(LedgerScene scene, DatabaseBackend backend) throws SQLException {
        this.scene = scene;
        this.backend = backend;
        this.primary = new LedgerDatabase(backend, scene, "primary");
        LedgerDatabase replicaDb = null;
        List<String> settings = List.of();
        try {
            replicaDb = scene.usesReplica() ? new LedgerDatabase(backend, scene, "replica") : null;
            this.lockWaits = backend.lockWaitQuery(primary.monitor);
            int index = 0;
            for (Transfer transfer : scene.transfers()) {
                var db = primary.connect();
                settings = backend.prepareLaneSession(db);
                var replicaConnection = replicaDb == null ? null : replicaDb.connect();
                if (replicaConnection != null) {
                    replicaConnection.setAutoCommit(true);
                }
                LockTable locks = instanceLocks.computeIfAbsent(transfer.instance(),
                        name -> new LockTable(name + " in-process"));
                Lane lane = new Lane(index++, scene, transfer, db, replicaConnection, backend.sessionId(db),
                        primary.space.name(), backend, locks, writerQueues, this::stepDone, this::inWaitCycle,
                        settleClock);
                lanes.add(lane);
                laneById.put(lane.id(), lane);
                laneBySession.put(lane.sessionId, lane);
            }
        } catch (SQLException | RuntimeException e) {
            lanes.forEach(Lane::close);
            primary.close();
            if (replicaDb != null) {
                replicaDb.close();
            }
            throw e;
        }
        this.replica = replicaDb;
        this.sessionSettings = List.copyOf(settings);
        this.database = new RunDatabase(backend.id(), backend.serverDescription(), sessionSettings);
    }

    /** Creates the scene's database on embedded H2, one connection and one thread per lane. */
    public static LedgerEngine open(LedgerScene scene) throws SQLException {
        return open(scene, H2Backend.INSTANCE);
    }

    /** Creates the scene's tables on the given backend, one connection and one thread per lane. */
    public static LedgerEngine open(LedgerScene scene, DatabaseBackend backend) throws SQLException {
        return new LedgerEngine(scene, backend);
    }

    /** Opens an engine on embedded H2, replays one schedule and closes everything again. */
    public static LedgerRun runOnce(LedgerScene scene, String mitigationId, List<StepRef> schedule) throws SQLException {
        return runOnce(scene, mitigationId, schedule, H2Backend.INSTANCE);
    }

    /** Opens an engine on the given backend, replays one schedule and closes everything again. */
    public static LedgerRun runOnce(LedgerScene scene, String mitigationId, List<StepRef> schedule,
                                    DatabaseBackend backend) throws SQLException {
        try (LedgerEngine engine = open(scene, backend)) {
            return engine.run(mitigationId, schedule);
        }
    }

    /** The database this engine runs on. */
    public DatabaseBackend backend() {
        return backend;
    }

    /** Settings every lane session got for teaching (e.g. a shorter deadlock_timeout); empty on H2. */
    public List<String> sessionSettings() {
        return sessionSettings;
    }

    public LedgerScene scene() {
        return scene;
    }

    /** Shortens the safety net for tests that provoke it. */
    void watchdogMillis(long millis) {
        watchdogNanos = TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /** The primary database's space (its JDBC URL on H2), for tests that check it is gone after {@link #close()}. */
    DatabaseBackend.DatabaseSpace databaseSpace() {
        return primary.space;
    }

    /** Replays a schedule with the scene's own idempotency-key setting. */
    public LedgerRun run(String mitigationId, List<StepRef> schedule) throws SQLException {
        return run(mitigationId, schedule, scene.idempotencyKeys());
    }

    /**
     * Replays one schedule under one mitigation, from the scene's opening balances.
     *
     * @param idempotencyKeys whether the app records request keys and refuses to apply a key twice
     * @throws IllegalArgumentException for an unknown mitigation or a schedule that is not an interleaving
     * @throws MitigationUnavailableException for a mitigation this backend cannot run (advisory-lock on H2)
     * @throws SQLException when the database itself fails (not when a statement is refused: that is an outcome)
     */
    public LedgerRun run(String mitigationId, List<StepRef> schedule, boolean idempotencyKeys) throws SQLException {
        if (closed) {
            throw new IllegalStateException("engine is closed");
        }
        Mitigation mitigation = Mitigations.byId(mitigationId).orElseThrow(() -> new IllegalArgumentException(
                "unknown mitigation '" + mitigationId + "'; expected one of " + String.join(", ", Mitigations.everyId())));
        return run(mitigation, schedule, idempotencyKeys);
    }

    /** Replays one schedule under a mitigation given as an object: the tests' way to run code no scene offers. */
    LedgerRun run(Mitigation mitigation, List<StepRef> schedule, boolean idempotencyKeys) throws SQLException {
        if (closed) {
            throw new IllegalStateException("engine is closed");
        }
        java.util.Optional<String> unavailable = backend.unavailableReason(mitigation);
        if (unavailable.isPresent()) {
            throw new MitigationUnavailableException(mitigation.id(), backend.productName(), unavailable.get());
        }
        ScheduleRules.Problem problem = ScheduleRules.firstProblem(schedule,
                scene.transfers().stream().map(Transfer::id).toList());
        if (problem != null) {
            throw new IllegalArgumentException(problem.message());
        }
        reset(mitigation, idempotencyKeys);
        Map<String, Long> initial = openingBalances;
        Replay replay = new Replay(mitigation, initial);
        replay.play(schedule);
        // Committed balances change only at a commit, after which the snapshot is read again: it is the final state.
        Map<String, Long> finalBalances = replay.committedBalances();
        List<LaneResult> results = new ArrayList<>();
        for (Lane lane : lanes) {
            results.add(new LaneResult(lane.id(), lane.state() == Lane.State.COMMITTED, replay.staleReads.get(lane.id())));
        }
        var anomalies = AnomalyDetector.detect(scene, mitigation.id(), initial, replay.trace, finalBalances, results,
                backend.id());
        return new LedgerRun(scene, mitigation.id(), schedule, initial, replay.trace, finalBalances, anomalies,
                idempotencyKeys, database);
    }

    private void reset(Mitigation mitigation, boolean idempotencyKeys) throws SQLException {
        for (Lane lane : lanes) {
            if (lane.cancelledByEngine) {
                absorbCancel(lane);
            }
            lane.db.rollback();
        }
        instanceLocks.values().forEach(LockTable::reset);
        writerQueues.reset();
        reportedBlocker.clear();
        currentWaits.clear();
        if (!mitigation.id().equals(isolationMitigation)) {
            for (Lane lane : lanes) {
                lane.db.setTransactionIsolation(backend.isolationLevel(mitigation));
            }
            primary.useCheckConstraint(mitigation.usesCheckConstraint());
            isolationMitigation = mitigation.id();
        }
        for (Lane lane : lanes) {
            primaryDirty |= lane.context.takeCommitAttempted();
        }
        // Committed rows change only through a lane's COMMIT (the lanes' other statements were rolled back just
        // above) and the replica only through a replicate step, so a run in which neither happened (every lane
        // declined, say) left nothing to put back, and the balances read after the last reset still hold.
        if (primaryDirty || openingBalances == null) {
            primary.reset();
            if (openingBalances == null) {
                // Every reset puts the rows back to one and the same state (opening balances, version 0, no opened
                // account), so the balances read after the first reset hold after every later one; reading them
                // again cost a twentieth of a run.
                openingBalances = java.util.Collections.unmodifiableMap(primary.balances());
            }
            primaryDirty = false;
        }
        if (replica != null && replicaDirty) {
            replica.reset();
            replicaDirty = false;
        }
        for (Lane lane : lanes) {
            lane.reset(mitigation, idempotencyKeys);
        }
    }

    /** A lane's step is done: the run being replayed settles it and goes on, on the lane's thread. */
    private void stepDone(Lane lane) {
        Replay replay = active;
        if (replay != null) {
            replay.stepDone();
        }
    }

    /**
     * A CANCEL_SESSION that arrived after the statement finished must not cancel the next run's first statement.
     * Probed on H2 2.4.240: a cancel sent to an idle session is dropped and one sent during a row-lock wait is
     * ignored, so this statement has never been seen to absorb anything; it stays as a cheap guard (it runs only
     * after the engine cancelled a lane). The explorer's replay on 57014 covers the leak it reported, which could
     * not be reproduced here.
     */
    private static void absorbCancel(Lane lane) {
        try (var statement = lane.db.createStatement()) {
            statement.execute("SELECT 1");
        } catch (SQLException expected) {
            // 57014 if the cancel was still pending; either way the session is clean afterwards
        }
    }

    /** (waiting session, blocking session) pairs from the database; a read that can be repeated (see {@link MonitoringRead}). */
    private List<int[]> waitingSessions() throws SQLException {
        return lockWaits.waitingPairs();
    }

    /**
     * Whether a lane whose statement was just refused is in a cycle of the wait-for graph: another open transaction
     * that holds a row the statement wanted waits, directly or through others, for this lane. A chain whose head
     * committed is no cycle (the refusal is then a serialization failure, first updater wins).
     */
    private boolean inWaitCycle(Lane lane) {
        List<String> wanted = lane.context.statementKeys();
        for (Lane other : lanes) {
            if (other != lane && other.transactionOpen() && WaitForGraph.reaches(currentWaits, other.id(), lane.id())
                    && !java.util.Collections.disjoint(other.context.lockedKeys(), wanted)) {
                return true;
            }
        }
        return false;
    }

    /** Closes connections, stops lane threads and drops both in-memory databases. */
    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        lanes.forEach(Lane::close);
        for (Lane lane : lanes) {
            try {
                lane.awaitThreadEnd(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            lockWaits.close();
        } finally {
            try {
                primary.close();
            } finally {
                if (replica != null) {
                    replica.close();
                }
            }
        }
    }

    /** The scheduler's state for one run. */
    private final class Replay {

        final Mitigation mitigation;
        final List<TraceStep> trace = new ArrayList<>();
        final Map<String, String> staleReads = new HashMap<>();
        final Map<Lane, Future<List<LaneEvent>>> pending = new LinkedHashMap<>();
        final Map<Lane, StepRef> pendingStep = new HashMap<>();
        final Map<Lane, Deque<StepRef>> deferred = new HashMap<>();
        final Map<Lane, Boolean> wasDeferred = new HashMap<>();
        /** When each waiting lane was first seen waiting in its current step, as an observation sequence number. */
        final Map<Lane, Long> waitingSince = new HashMap<>();
        long observations;
        /** A cycle seen in the last observation, and since when (nanoTime), until it is broken or goes away. */
        List<String> standingCycle = List.of();
        long standingSince;
        /** Since when (nanoTime) a lane has been seen waiting for a holder that was reported waiting for it. */
        long crossedSince;

        /** Committed balances change only when a lane commits, so one read serves every event in between. */
        private Map<String, Long> committedSnapshot;

        /** The thread that called the engine; it starts the schedule, looks after waits and is woken at the end. */
        private final Thread caller = Thread.currentThread();
        private List<StepRef> schedule;
        /** The next step of the schedule to play. */
        private int cursor;
        /** Set, under the monitor, once every step is recorded or the run failed. */
        private volatile boolean finished;
        /** How many steps are out (the size of {@code pending}), for reads without the monitor. */
        private volatile int pendingCount;
        /** Set while the calling thread parks long because no step could wait; a lane that changes that wakes it. */
        private volatile boolean callerParkedLong;
        /** Counts releases and settled steps; the calling thread reads it without the monitor to see movement. */
        private volatile long progress;
        /** When (nanoTime) a step was last released or settled: the watchdog's reference. */
        private long lastProgressNanos;
        /** Since when (nanoTime) every remaining lane was seen waiting with the schedule played out; 0 if not. */
        private long allBlockedSince;
        /** A failure met on a lane's thread while it settled a step, thrown on the calling thread. */
        private SQLException laneFailure;
        private RuntimeException laneBug;

        Replay(Mitigation mitigation, Map<String, Long> initial) {
            this.mitigation = mitigation;
            this.committedSnapshot = initial;
        }

        private Map<String, Long> committedBalances() throws SQLException {
            if (committedSnapshot == null) {
                committedSnapshot = java.util.Collections.unmodifiableMap(primary.balances());
            }
            return committedSnapshot;
        }

        /**
         * Replays the schedule and returns once every step is recorded.
         *
         * <p>Whoever learns something settles it and goes on: a lane whose step is done settles that step on its own
         * thread (see {@link Lane#submit}) and releases the next one, so a lane runs its consecutive steps with no
         * thread switch, and the turn passes straight from lane to lane. The calling thread starts the schedule and
         * then only looks after what no lane can report: a step that waits for a lock (its thread is parked inside
         * the database), a wait cycle the database leaves standing, a schedule that is stuck. It parks between looks,
         * from {@link #POLL_WAIT_MICROS} after the last progress backing off to {@link #POLL_WAIT_MAX_MICROS}; it is
         * woken when the run ends. Every decision is taken under this object's monitor, so the order in which
         * steps are recorded is the same whichever thread takes it.
         */
        void play(List<StepRef> schedule) throws SQLException {
            this.schedule = schedule;
            boolean interrupted = false;
            active = this;
            try {
                synchronized (this) {
                    lastProgressNanos = System.nanoTime();
                    advance(true);
                }
                long seen = progress;
                long pollMicros = POLL_WAIT_MICROS;
                while (!finished) {
                    // While no released step can wait for a lock, there is nothing to look for: park long, and a
                    // lane that releases a step another lane's locks could block wakes this thread (see release).
                    boolean parkLong = false;
                    if (backend.lockWaitParksTheThread()) {
                        callerParkedLong = true;
                        parkLong = !aLaneCouldWait();
                        callerParkedLong = parkLong;
                    }
                    LockSupport.parkNanos(this, TimeUnit.MICROSECONDS.toNanos(parkLong ? POLL_WAIT_MAX_MICROS
                            : pollMicros));
                    callerParkedLong = false;
                    // An interrupt would end every later park at once (a spinning core); it is kept for the caller.
                    interrupted |= Thread.interrupted();
                    if (finished) {
                        break;
                    }
                    long now = progress;
                    boolean moved = now != seen;
                    if (worthALook(moved, pollMicros)) {
                        synchronized (this) {
                            if (!finished) {
                                advance(true);
                            }
                        }
                    }
                    if (moved) {
                        seen = now;
                        pollMicros = POLL_WAIT_MICROS;
                    } else {
                        pollMicros = Math.min(POLL_WAIT_MAX_MICROS, pollMicros * 2);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                synchronized (this) {
                    finished = true;
                }
                throw e;
            } finally {
                active = null;
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            synchronized (this) {
                if (laneFailure != null) {
                    throw laneFailure;
                }
                if (laneBug != null) {
                    throw laneBug;
                }
            }
        }

        /** On a lane's thread, its step being done: settle it and go on while the steps seen so far allow. */
        void stepDone() {
            synchronized (this) {
                if (finished) {
                    return;
                }
                try {
                    advance(false);
                } catch (SQLException e) {
                    laneFailure = e;
                    finish();
                } catch (RuntimeException e) {
                    laneBug = e;
                    finish();
                }
            }
        }

        private void finish() {
            finished = true;
            LockSupport.unpark(caller);
        }

        /**
         * Settles what can be settled and releases steps of the schedule while every released step has completed or
         * is observed waiting on a lock. The safety nets that act on time (breaking a standing cycle, the watchdog,
         * a stuck schedule) are left to the calling thread ({@code caller}); a lane only settles and releases.
         */
        private void advance(boolean caller) throws SQLException {
            while (true) {
                if (collectCompleted()) {
                    progress++;
                    lastProgressNanos = System.nanoTime();
                    allBlockedSince = 0;
                    continue;
                }
                if (!pending.isEmpty()) {
                    if (!allPendingObservedBlocked(caller)) {
                        if (caller && System.nanoTime() - lastProgressNanos > watchdogNanos) {
                            abortFirstStuckLane();
                            lastProgressNanos = System.nanoTime();
                        }
                        return;
                    }
                    if (cursor == schedule.size()) {
                        // Every remaining lane waits and nothing left in the schedule can free them. H2 breaks a
                        // database cycle by itself (its deadlock detection), so give it a moment before treating
                        // the schedule as stuck; this is a safety net, not a measurement.
                        if (caller) {
                            long now = System.nanoTime();
                            if (allBlockedSince == 0) {
                                allBlockedSince = now;
                            } else if (now - allBlockedSince > STUCK_GRACE_NANOS) {
                                allBlockedSince = 0;
                                abortFirstStuckLane();
                            }
                        }
                        return;
                    }
                } else if (cursor == schedule.size()) {
                    finish();
                    return;
                }
                releaseNext();
            }
        }

        /**
         * Plays the schedule on from the cursor up to the next step handed to a lane: a step due for a lane that
         * is still blocked (or has steps waiting) waits in that lane's queue, a replicate step runs here.
         */
        private void releaseNext() throws SQLException {
            while (cursor < schedule.size()) {
                StepRef step = schedule.get(cursor++);
                if (step.lane().equals(LedgerScene.REPLICA_LANE) && !laneById.containsKey(step.lane())) {
                    replicate(step);
                    continue;
                }
                Lane lane = laneById.get(step.lane());
                Deque<StepRef> queue = deferred.computeIfAbsent(lane, l -> new ArrayDeque<>());
                if (pending.containsKey(lane) || !queue.isEmpty()) {
                    queue.addLast(step);
                    continue;
                }
                release(lane, step, false);
                return;
            }
        }

        private void release(Lane lane, StepRef step, boolean late) {
            pendingStep.put(lane, step);
            wasDeferred.put(lane, late);
            progress++;
            lastProgressNanos = System.nanoTime();
            pending.put(lane, lane.submit(step.phase()));
            pendingCount = pending.size();
            if (callerParkedLong && aLaneCouldWait()) {
                LockSupport.unpark(caller);
            }
        }

        /**
         * Whether a released step could be waiting for a lock: some lane's open transaction has sent a statement
         * that takes row locks (UPDATE, INSERT, SELECT ... FOR UPDATE, a lock function), or some lane owns a key in
         * the lab's lock tables, or more than one step is out (one may take a lock the other waits for). Otherwise
         * no step can wait: a plain read never does (H2's MVCC; table locks are taken only by DDL, which no lane
         * sends). Read without the monitor, from volatile state, by the calling thread and by releasing lanes.
         */
        private boolean aLaneCouldWait() {
            if (pendingCount > 1 || writerQueues.anyOwned()) {
                return true;
            }
            for (LockTable locks : instanceLocks.values()) {
                if (locks.anyOwned()) {
                    return true;
                }
            }
            for (Lane lane : lanes) {
                if (lane.transactionOpen() && lane.context.holdsRowLocks()) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Whether the calling thread should take the monitor and observe, decided without the monitor so that it
         * does not hold up lanes that are settling their own steps: at once when a lane's thread waits inside its
         * step (a database lock wait, the lab's lock table) and that wait is not reported yet; otherwise only once
         * nothing has moved for a few looks (a standing cycle, a stuck schedule, the watchdog: all measured in
         * hundreds of milliseconds), because a lane that finishes a step observes the others itself. On a backend
         * whose lock waits do not park the thread, whenever nothing moved.
         */
        private boolean worthALook(boolean moved, long pollMicros) {
            if (!backend.lockWaitParksTheThread()) {
                return !moved;
            }
            for (Lane lane : lanes) {
                if (lane.waitingInStep() && !reportedBlocker.containsKey(lane.id())) {
                    return true;
                }
            }
            return !moved && pollMicros >= STILL_LOOK_MICROS;
        }

        /**
         * Records finished steps. Steps that were running (not waiting) come first, in lane order; a step that was
         * waiting on a lock is recorded only once no running step is left, because whatever woke it (a COMMIT, a
         * ROLLBACK) happened in a running step and must come first in the trace.
         */
        private boolean collectCompleted() throws SQLException {
            boolean progressed = false;
            boolean runningLeft = false;
            for (Lane lane : lanes) {
                if (pending.containsKey(lane) && !reportedBlocker.containsKey(lane.id())) {
                    if (pending.get(lane).isDone()) {
                        complete(lane);
                        progressed = true;
                    } else {
                        runningLeft = true;
                    }
                }
            }
            if (progressed || runningLeft) {
                return progressed;
            }
            // Lanes woken together: record them in the order their outcomes were settled, which is causal
            // (a deadlock victim's rollback is settled before the lane it releases can finish).
            List<Lane> woken = new ArrayList<>();
            for (Lane lane : lanes) {
                if (pending.containsKey(lane) && pending.get(lane).isDone() && !holderStillFinishing(lane)) {
                    woken.add(lane);
                }
            }
            // H2 rolls a deadlock victim back before its exception reaches the lane, so the lane it released can
            // settle first; a lane whose holder also finished is therefore recorded after that holder.
            woken.sort(java.util.Comparator.comparingLong(Lane::settledAt));
            while (!woken.isEmpty()) {
                Lane next = woken.get(0);
                for (Lane candidate : woken) {
                    // In a cycle (each waited for the other) the one that failed broke it and goes first.
                    if (failed(candidate)) {
                        next = candidate;
                        break;
                    }
                }
                for (Lane candidate : woken) {
                    String holder = reportedBlocker.get(candidate.id());
                    if (holder == null || woken.stream().noneMatch(l -> l.id().equals(holder))) {
                        next = candidate;
                        break;
                    }
                }
                woken.remove(next);
                complete(next);
                progressed = true;
            }
            return progressed;
        }

        /**
         * A lane that waited for a holder which itself waited can only have gone on because the holder's transaction
         * was aborted; wait for the holder's step to finish so that it is recorded first.
         */
        private boolean holderStillFinishing(Lane lane) {
            String holder = reportedBlocker.get(lane.id());
            Lane holderLane = holder == null ? null : laneById.get(holder);
            // A holder that now waits itself (for this lane's lock, say, after a retry inside its step) is not
            // finishing: waiting for it would make the scheduler part of a cycle the database knows nothing of.
            return holderLane != null && pending.containsKey(holderLane) && !pending.get(holderLane).isDone()
                    && !currentWaits.containsKey(holder);
        }

        private boolean failed(Lane lane) {
            StepOutcome outcome = events(pending.get(lane)).get(0).outcome();
            return outcome == StepOutcome.DEADLOCK_VICTIM || outcome == StepOutcome.ABORTED
                    || outcome == StepOutcome.RETRIED;
        }

        private void complete(Lane lane) throws SQLException {
            Future<List<LaneEvent>> future = pending.remove(lane);
            pendingCount = pending.size();
            currentWaits.remove(lane.id());
            waitingSince.remove(lane);
            record(lane, pendingStep.remove(lane), events(future), reportedBlocker.remove(lane.id()),
                    wasDeferred.remove(lane));
            Deque<StepRef> queue = deferred.get(lane);
            if (queue != null && !queue.isEmpty()) {
                release(lane, queue.pollFirst(), true);
            }
        }

        private List<LaneEvent> events(Future<List<LaneEvent>> future) {
            try {
                return future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of(new LaneEvent(StepOutcome.ABORTED, List.of(), 0, 0, null, "interrupted"));
            } catch (ExecutionException e) {
                return List.of(new LaneEvent(StepOutcome.ABORTED, List.of(), 0, 0, null,
                        "engine error: " + e.getCause()));
            }
        }

        private void record(Lane lane, StepRef step, List<LaneEvent> events, String wasBlockedBy, boolean late)
                throws SQLException {
            for (int i = 0; i < events.size(); i++) {
                LaneEvent event = events.get(i);
                StepOutcome outcome = event.outcome();
                String detail = event.detail();
                if (i == 0 && wasBlockedBy != null) {
                    if (outcome == StepOutcome.RAN) {
                        outcome = StepOutcome.UNBLOCKED;
                    }
                    if (outcome == StepOutcome.DEADLOCK_VICTIM) {
                        detail = "while waiting for " + wasBlockedBy + ": " + detail;
                    } else {
                        detail = join("released when " + wasBlockedBy + " let go of its lock", detail);
                    }
                }
                if (i == 0 && late) {
                    detail = "(due earlier, but " + lane.id() + " was still blocked) " + detail;
                }
                if (step.phase().equals("commit")) {
                    committedSnapshot = null;
                }
                Map<String, Long> balances = committedBalances();
                if (step.phase().equals("check") || outcome == StepOutcome.RETRIED) {
                    noteStaleRead(lane, balances);
                }
                trace.add(new TraceStep(trace.size(), step, event.sql(), event.rowsRead(), event.rowsAffected(),
                        outcome, null, event.sqlState(), detail, balances));
            }
        }

        private String join(String first, String second) {
            return second == null || second.isEmpty() ? first : first + "; " + second;
        }

        private void noteStaleRead(Lane lane, Map<String, Long> committed) {
            Map<String, Long> read = lane.replicaReadsOfCheck();
            List<String> stale = new ArrayList<>();
            read.forEach((id, value) -> {
                Long current = committed.get(id);
                if (current != null && !current.equals(value)) {
                    stale.add(id + " = " + value + " on the replica while the primary had " + current);
                }
            });
            if (stale.isEmpty()) {
                staleReads.remove(lane.id());
            } else {
                staleReads.put(lane.id(), lane.id() + "'s check read " + String.join(", ", stale));
            }
        }

        /**
         * Observes every pending lane; reports new BLOCKED events; true when all pending lanes wait on a lock. Only
         * the calling thread ({@code caller}) breaks a cycle that stood too long; a lane just leaves it standing.
         */
        private boolean allPendingObservedBlocked(boolean caller) throws SQLException {
            if (everyUnfinishedStepRuns()) {
                return false;
            }
            Map<Lane, String> blockers = new HashMap<>();
            Map<Lane, String> how = new HashMap<>();
            boolean needDatabase = false;
            for (Lane lane : pending.keySet()) {
                LockTable locks = instanceLocks.get(lane.transfer.instance());
                String holder = locks.holderBlocking(lane.id());
                LockTable table = locks;
                if (holder == null) {
                    holder = writerQueues.holderBlocking(lane.id());
                    table = writerQueues;
                }
                if (holder != null) {
                    blockers.put(lane, holder);
                    how.put(lane, "waits in " + table.name() + " for " + table.keyAwaitedBy(lane.id())
                            + ", held by " + holder + " (observed from the lock table)");
                } else if (!pending.get(lane).isDone()
                        && (!backend.lockWaitParksTheThread() || lane.waitingInStep())) {
                    // A step whose thread is running (or merely descheduled, or has not picked the step up yet)
                    // waits for no lock: the lock view is read only when some lane's thread waits inside its step.
                    needDatabase = true;
                }
            }
            if (needDatabase) {
                for (int[] row : MonitoringRead.withRetry(LedgerEngine.this::waitingSessions)) {
                    Lane waiting = laneBySession.get(row[0]);
                    Lane holder = laneBySession.get(row[1]);
                    // A session never waits for itself: a row naming the same lane twice is a stale BLOCKER_ID.
                    if (waiting == null || holder == null || waiting == holder || !pending.containsKey(waiting)
                            || !holder.transactionOpen()) {
                        continue;
                    }
                    blockers.put(waiting, holder.id());
                    String statement = waiting.context.log().lastSql();
                    how.put(waiting, "waits for a lock held by " + holder.id() + " ("
                            + lockWaits.describe(waiting.sessionId, holder.sessionId) + ")"
                            + (statement == null ? "" : " in: " + statement));
                }
            }
            // A step that finished waits for nothing, whatever a lock view still says about it.
            blockers.keySet().removeIf(lane -> pending.get(lane).isDone() || lane.id().equals(blockers.get(lane)));
            observations++;
            for (Lane lane : lanes) {
                if (blockers.containsKey(lane)) {
                    currentWaits.put(lane.id(), blockers.get(lane));
                    waitingSince.putIfAbsent(lane, observations);
                } else {
                    currentWaits.remove(lane.id());
                    waitingSince.remove(lane);
                }
            }
            List<String> cycle = WaitForGraph.cycle(currentWaitsInLaneOrder());
            if (!cycle.isEmpty()) {
                if (backend.waitCyclesLast()) {
                    // PostgreSQL checks for deadlocks only after deadlock_timeout: every wait of the cycle is real
                    // and shown, with the one that closes it said to do so.
                    for (String id : cycle) {
                        Lane lane = laneById.get(id);
                        String holder = blockers.get(lane);
                        reportWait(lane, holder, how.get(lane), id.equals(reportedBlocker.get(holder)));
                    }
                }
                // Not settled: the database breaks the cycle by itself, or the lab does once it stood too long.
                if (caller) {
                    breakIfStanding(cycle);
                }
                return false;
            }
            standingCycle = List.of();
            boolean all = true;
            boolean crossed = false;
            for (Lane lane : lanes) {
                if (!pending.containsKey(lane)) {
                    continue;
                }
                String holder = blockers.get(lane);
                if (holder == null) {
                    all = false;
                    continue;
                }
                if (lane.id().equals(reportedBlocker.get(holder)) && !blockers.containsKey(laneById.get(holder))
                        && !crossedLongerThanGrace()) {
                    // The holder waited for this lane and has just gone on: this lane is most likely a deadlock
                    // victim that the database rolled back before its error reached the lane, and its lock view
                    // still shows the old wait. Believe the wait only once it outlasts the grace period.
                    crossed = true;
                    all = false;
                    continue;
                }
                reportWait(lane, holder, how.get(lane), false);
            }
            if (!crossed) {
                crossedSince = 0;
            }
            return all;
        }

        /**
         * Whether some released step has not finished and no unfinished step's thread waits inside its step: then
         * none waits for a lock yet (on a backend whose lock waits park the lane's thread), and there is nothing to
         * observe. Right after a release this is the rule, so the full observation is skipped on most steps.
         */
        private boolean everyUnfinishedStepRuns() {
            if (!backend.lockWaitParksTheThread()) {
                return false;
            }
            boolean unfinished = false;
            for (Map.Entry<Lane, Future<List<LaneEvent>>> entry : pending.entrySet()) {
                if (!entry.getValue().isDone()) {
                    if (entry.getKey().waitingInStep()) {
                        return false;
                    }
                    unfinished = true;
                }
            }
            return unfinished;
        }

        private boolean crossedLongerThanGrace() {
            long now = System.nanoTime();
            if (crossedSince == 0) {
                crossedSince = now;
            }
            return now - crossedSince > TimeUnit.MILLISECONDS.toNanos(backend.cycleGraceMillis());
        }

        /** Adds a BLOCKED event the first time a lane is seen waiting for this holder. */
        private void reportWait(Lane lane, String holder, String how, boolean closesCycle) throws SQLException {
            if (holder.equals(reportedBlocker.get(lane.id()))) {
                return;
            }
            reportedBlocker.put(lane.id(), holder);
            String detail = how;
            if (closesCycle) {
                detail += "; " + holder + " waits for " + lane.id() + ", so this closes a cycle: a deadlock that "
                        + backend.productName() + " breaks when a waiting session's deadlock check runs";
            }
            if (Boolean.TRUE.equals(wasDeferred.get(lane))) {
                detail = "(due earlier, but " + lane.id() + " was still blocked) " + detail;
            }
            trace.add(new TraceStep(trace.size(), pendingStep.get(lane), lane.context.log().sqlSoFar(),
                    0, 0, StepOutcome.BLOCKED, holder, null, detail, committedBalances()));
        }

        private Map<String, String> currentWaitsInLaneOrder() {
            Map<String, String> ordered = new LinkedHashMap<>();
            for (Lane lane : lanes) {
                String holder = currentWaits.get(lane.id());
                if (holder != null) {
                    ordered.put(lane.id(), holder);
                }
            }
            return ordered;
        }

        /**
         * A cycle in the wait-for graph that the database has not broken within its grace period
         * ({@link DatabaseBackend#cycleGraceMillis}) never will be (H2 2.4 leaves some standing: three lanes, or a
         * lane that re-waits after a retry inside its step). The lab then aborts one lane as PostgreSQL would: there
         * the backend that runs the deadlock check after waiting {@code deadlock_timeout} aborts its own transaction
         * with SQLState 40P01 (PostgreSQL 17 docs, 13.3.4 Deadlocks and 19.12 Lock Management, deadlock_timeout).
         * The lab releases steps back to back, so every wait of the cycle began within one deadlock_timeout, and the
         * first check to run is that of the lane that has waited longest: that lane is the victim.
         */
        private void breakIfStanding(List<String> cycle) throws SQLException {
            long now = System.nanoTime();
            if (!new java.util.HashSet<>(cycle).equals(new java.util.HashSet<>(standingCycle))) {
                standingCycle = cycle;
                standingSince = now;
                return;
            }
            long graceMillis = backend.cycleGraceMillis();
            if (now - standingSince < TimeUnit.MILLISECONDS.toNanos(graceMillis)) {
                return;
            }
            Lane victim = null;
            for (String id : cycle) {
                Lane lane = laneById.get(id);
                if (victim == null || waitingSince.getOrDefault(lane, Long.MAX_VALUE)
                        < waitingSince.getOrDefault(victim, Long.MAX_VALUE)
                        || (waitingSince.getOrDefault(lane, Long.MAX_VALUE)
                        .equals(waitingSince.getOrDefault(victim, Long.MAX_VALUE)) && lane.index < victim.index)) {
                    victim = lane;
                }
            }
            String reason = "the lab broke the cycle (" + WaitForGraph.describe(cycle) + "): " + backend.productName()
                    + " did not break it within " + graceMillis + " ms and would have waited until its lock timeout, "
                    + "so the lab aborted " + victim.id() + ", the lane of the cycle that had waited longest, as "
                    + "PostgreSQL would (the backend whose deadlock check runs first, deadlock_timeout after it began "
                    + "waiting, aborts its own transaction: SQLState 40P01, deadlock_detected) and rolled it back";
            standingCycle = List.of();
            // Its wait ends here; if it waits again after a retry, that is a new wait.
            waitingSince.remove(victim);
            currentWaits.remove(victim.id());
            victim.abortAsDeadlockVictim(reason, backend, primary.monitor);
        }

        /**
         * Every remaining lane waits and nothing left in the schedule can free them (a safety net: a cycle is broken
         * above, so this needs a lock holder the engine cannot see). The first pending lane's statement is aborted
         * the way that really ends its wait on this backend ({@link DatabaseBackend#abortWait}).
         */
        private void abortFirstStuckLane() throws SQLException {
            for (Lane lane : lanes) {
                if (!pending.containsKey(lane)) {
                    continue;
                }
                lane.abortStuck(backend, primary.monitor);
                return;
            }
        }

        private void replicate(StepRef step) throws SQLException {
            if (replica == null) {
                throw new IllegalStateException("scene has no replica");
            }
            Map<String, Long> balances = primary.balances();
            Map<String, Long> versions = primary.versions();
            replicaDirty = true;
            Map<String, long[]> changed = replica.copyFrom(balances, versions);
            List<String> sql = new ArrayList<>();
            sql.add("SELECT id, balance, version FROM account ORDER BY ord");
            List<String> changes = new ArrayList<>();
            for (String id : balances.keySet()) {
                sql.add(LaneContext.render("/* replica */ UPDATE account SET balance = ?, version = ? WHERE id = ?",
                        balances.get(id), versions.get(id), id));
            }
            changed.forEach((id, values) -> changes.add(id + " " + values[0] + " -> " + values[1]));
            String detail = changes.isEmpty() ? "the replica catches up with the primary; nothing had changed"
                    : "the replica catches up with the primary's committed state: " + String.join(", ", changes);
            trace.add(new TraceStep(trace.size(), step, sql, balances.size(), balances.size(), StepOutcome.RAN, null,
                    null, detail, balances));
        }
    }
}
