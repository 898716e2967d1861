package racelab.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import racelab.scenario.Account;

/**
 * Runs a benchmark: for every mitigation and worker count, {@code repetitions} runs, each on a fresh in-memory H2
 * database with one thread and one connection per worker.
 *
 * <p>Nothing here imports JavaFX; the UI drives it through {@link BenchProgress} and {@link #cancel()}.
 */
public final class BenchRunner {

    private final TargetCatalog catalog;
    private final AtomicBoolean cancelled = new AtomicBoolean();

    public BenchRunner(TargetCatalog catalog) {
        this.catalog = catalog;
    }

    /** Asks a running benchmark to stop after the transfers in flight; the report then says incomplete. */
    public void cancel() {
        cancelled.set(true);
    }

    /** Runs every cell; a database error aborts the benchmark as an {@link IllegalStateException}. */
    public BenchReport run(BenchSettings settings, BenchProgress progress) {
        for (String id : settings.mitigations()) {
            if (!catalog.ids().contains(id)) {
                throw new IllegalArgumentException("unknown mitigation '" + id + "'; known: " + catalog.ids());
            }
        }
        double loadAtStart = BenchReport.loadAverageNow();
        warmUpTheJvm(settings);
        // Repetitions go round-robin over the cells: a JVM that is still getting faster (JIT, heap sizing) or a
        // neighbour that gets busier then shifts every cell alike, instead of penalising whichever cell runs first.
        Map<String, List<RunStats>> runsByCell = new java.util.LinkedHashMap<>();
        for (String mitigation : settings.mitigations()) {
            for (int workers : settings.workerCounts()) {
                runsByCell.put(cellKey(mitigation, workers), new ArrayList<>());
            }
        }
        int done = 0;
        outer:
        for (int rep = 0; rep < settings.repetitions(); rep++) {
            for (String mitigation : settings.mitigations()) {
                for (int workers : settings.workerCounts()) {
                    if (cancelled.get()) {
                        break outer;
                    }
                    RunStats stats = runOnce(mitigation, workers, settings);
                    runsByCell.get(cellKey(mitigation, workers)).add(stats);
                    done++;
                    progress.runFinished(done, settings.totalRuns(), mitigation, workers, stats);
                }
            }
        }
        List<CellResult> cells = new ArrayList<>();
        for (String mitigation : settings.mitigations()) {
            for (int workers : settings.workerCounts()) {
                List<RunStats> runs = runsByCell.get(cellKey(mitigation, workers));
                if (!runs.isEmpty()) {
                    cells.add(new CellResult(mitigation, workers, runs));
                }
            }
        }
        boolean complete = done == settings.totalRuns();
        return new BenchReport(settings, settings.workload().describe(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), catalog.databaseDescription(),
                loadAtStart, BenchReport.loadAverageNow(), complete, cells);
    }

    private static String cellKey(String mitigation, int workers) {
        return mitigation + "@" + workers;
    }

    /**
     * Runs every mitigation once in count mode, results discarded, so the JIT has compiled the shared paths
     * (JDBC, H2, the lane code) before the first measured cell.
     */
    private void warmUpTheJvm(BenchSettings settings) {
        if (settings.jvmWarmupTransfers() == 0) {
            return;
        }
        int workers = settings.workerCounts().stream().max(Integer::compare).orElse(1);
        BenchSettings warmup = new BenchSettings(settings.mitigations(), List.of(workers), settings.workload(), 0,
                settings.jvmWarmupTransfers(), 0, 0, 1, settings.maxAttempts(), 0);
        for (String mitigation : settings.mitigations()) {
            if (cancelled.get()) {
                return;
            }
            runOnce(mitigation, workers, warmup);
        }
    }

    /** One run: fresh database, workers started together, audited afterwards. */
    public RunStats runOnce(String mitigation, int workerCount, BenchSettings settings) {
        Workload workload = settings.workload();
        List<Account> accounts = workload.accounts();
        try (BenchTarget target = catalog.create(mitigation); BenchDatabase database = target.install(accounts)) {
            target.installAudit(database, accounts);
            long moneyBefore = sumOfBalances(database.admin(), target.accountsTable());

            List<Connection> connections = new ArrayList<>();
            try {
                for (int i = 0; i < workerCount; i++) {
                    Connection connection = database.openConnection();
                    connections.add(connection);
                    connection.setAutoCommit(false);
                    target.prepareWorker(connection);
                }
                WorkersOutcome outcome = runWorkers(target, connections, settings);
                return audit(database.admin(), target.accountsTable(), accounts, moneyBefore, outcome);
            } finally {
                for (Connection connection : connections) {
                    closeQuietly(connection);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("benchmark run of " + mitigation + " with " + workerCount
                    + " workers failed: SQLState " + e.getSQLState() + ": " + e.getMessage(), e);
        }
    }

    private record WorkersOutcome(List<TransferWorker> workers, long measuredStartNanos, int attemptsAllowed) {
    }

    private WorkersOutcome runWorkers(BenchTarget target, List<Connection> connections, BenchSettings settings) {
        int count = connections.size();
        long startNanos = System.nanoTime();
        AtomicLong measuredStart = new AtomicLong();
        CyclicBarrier barrier = new CyclicBarrier(count, () -> measuredStart.set(System.nanoTime()));
        List<TransferWorker> workers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            TransferWorker.PhaseEnd warmupEnd;
            java.util.function.Supplier<TransferWorker.PhaseEnd> measuredEnd;
            if (settings.timed()) {
                long warmupDeadline = startNanos + (long) (settings.warmupSeconds() * 1e9);
                long runNanos = (long) (settings.runSeconds() * 1e9);
                warmupEnd = (sent, now) -> now >= warmupDeadline;
                measuredEnd = () -> {
                    long deadline = measuredStart.get() + runNanos;
                    return (sent, now) -> now >= deadline;
                };
            } else {
                long warmupShare = share(settings.warmupTransfers(), count, i);
                long measuredShare = share(settings.transfersPerRun(), count, i);
                warmupEnd = (sent, now) -> sent >= warmupShare;
                measuredEnd = () -> (sent, now) -> sent >= measuredShare;
            }
            int attempts = target.maxAttempts() > 0 ? target.maxAttempts() : settings.maxAttempts();
            TransferWorker worker = new TransferWorker(connections.get(i), target,
                    settings.workload().streamFor(i), attempts, barrier, warmupEnd, measuredEnd, cancelled);
            workers.add(worker);
            Thread thread = new Thread(worker, "bench-" + target.id() + "-worker-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                cancelled.set(true);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the workers", e);
            }
        }
        for (TransferWorker worker : workers) {
            if (worker.crash != null) {
                throw new IllegalStateException("a bench worker stopped: " + worker.crash, worker.crash);
            }
        }
        int attempts = target.maxAttempts() > 0 ? target.maxAttempts() : settings.maxAttempts();
        return new WorkersOutcome(workers, measuredStart.get(), attempts);
    }

    /** Worker {@code index}'s part of {@code total}, spreading the remainder over the first workers. */
    static long share(long total, int workers, int index) {
        return total / workers + (index < total % workers ? 1 : 0);
    }

    private RunStats audit(Connection admin, AccountsTable table, List<Account> accounts, long moneyBefore,
            WorkersOutcome outcome) throws SQLException {
        long requested = 0;
        long applied = 0;
        long declined = 0;
        long declinedByDatabase = 0;
        long failed = 0;
        long retries = 0;
        long deadlocks = 0;
        long lastEnd = outcome.measuredStartNanos();
        Map<String, Long> aborts = new HashMap<>();
        Map<String, Long> failures = new HashMap<>();
        List<LatencyLog> logs = new ArrayList<>();
        for (TransferWorker worker : outcome.workers()) {
            requested += worker.requested;
            applied += worker.applied;
            declined += worker.declined;
            declinedByDatabase += worker.declinedByDatabase;
            failed += worker.failed;
            retries += worker.retries;
            deadlocks += worker.deadlocks;
            worker.abortsBySqlState.forEach((state, n) -> aborts.merge(state, n, Long::sum));
            worker.failureReasons.forEach((reason, n) -> failures.merge(reason, n, Long::sum));
            logs.add(worker.latencies);
            lastEnd = Math.max(lastEnd, worker.lastEndNanos);
        }
        long[] sorted = LatencyLog.mergeSorted(logs);
        double seconds = Math.max(1e-9, (lastEnd - outcome.measuredStartNanos()) / 1e9);
        Map<String, Long> balances = balances(admin, table);
        long outsideRule = 0;
        for (Account account : accounts) {
            Long balance = balances.get(account.id());
            if (balance == null || !account.constraint().allows(balance)) {
                outsideRule++;
            }
        }
        long moneyAfter = balances.values().stream().mapToLong(Long::longValue).sum();
        return new RunStats(requested, applied, declined, declinedByDatabase, failed, failures,
                outcome.attemptsAllowed(), retries, aborts,
                deadlocks,
                ViolationAudit.count(admin), outsideRule, moneyBefore, moneyAfter, sorted.length,
                sorted.length == 0 ? 0 : seconds, sorted.length == 0 ? 0 : sorted.length / seconds,
                micros(LatencyLog.percentile(sorted, 50)), micros(LatencyLog.percentile(sorted, 95)),
                micros(LatencyLog.percentile(sorted, 99)), micros(LatencyLog.percentile(sorted, 100)));
    }

    private static double micros(long nanos) {
        return Math.round(nanos / 100.0) / 10.0;
    }

    private static long sumOfBalances(Connection admin, AccountsTable table) throws SQLException {
        return balances(admin, table).values().stream().mapToLong(Long::longValue).sum();
    }

    private static Map<String, Long> balances(Connection admin, AccountsTable table) throws SQLException {
        Map<String, Long> balances = new HashMap<>();
        try (Statement statement = admin.createStatement();
             ResultSet rows = statement.executeQuery("SELECT " + table.idColumn() + ", " + table.balanceColumn()
                     + " FROM " + table.table())) {
            while (rows.next()) {
                balances.put(rows.getString(1), rows.getLong(2));
            }
        }
        return balances;
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Closing a broken connection of a finished run; the database is dropped next anyway.
        }
    }
}
