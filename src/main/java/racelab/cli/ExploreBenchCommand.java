package racelab.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import racelab.bench.JvmCounters;
import racelab.explore.Cancellation;
import racelab.explore.ExploreOptions;
import racelab.explore.ExploreResult;
import racelab.explore.LedgerExplorer;
import racelab.explore.ProgressListener;
import racelab.explore.RunnerPool;
import racelab.scenario.LedgerScene;
import racelab.scenario.StepRef;
import racelab.scenario.Transfer;

/**
 * {@code explore-bench [SCENE] [--mitigation ID] [--rounds N] [--warmup N] [--runners N] [--full3] [--three-all]}:
 * how fast the explorer runs complete schedules on embedded H2.
 *
 * <p>Part one explores every interleaving of the two-transfer scene without pruning on one set of open runners (one
 * per core unless {@code --runners} says otherwise, each its own database): first until at least {@code --warmup}
 * schedules have run (the JIT compiles the engine and H2; a single round of 70 schedules, as before, measured mostly
 * interpreted code), then {@code rounds} measured rounds of ten explorations each, and reports complete schedules per
 * second of all runners together and per runner (medians and ranges), with the runner count, the core count and
 * the system load average. After the warm-up schedules it keeps warming up until the JIT compiler is quiet (at most
 * {@code --jit-settle-max} seconds), because C2 compiles the engine and H2 for many seconds and would otherwise be
 * measured as the explorer's cost; it prints how long that took and the compile time during the measured rounds. Part two adds a
 * third transfer (a copy of the last one) and reports the time of a pruned search, of the unpruned one with
 * {@code --full3}, and with {@code --three-all} of the pruned search under every mitigation H2 runs.
 * Wall-clock time is read here, in the command, never inside an engine.
 */
@Command(name = "explore-bench", description = "Schedules per second of the explorer on H2.")
final class ExploreBenchCommand extends LabCommand {

    /** Explorations of the two-transfer scene per measured round: 700 schedules for a scene of 4 + 4 steps. */
    static final int EXPLORATIONS_PER_ROUND = 10;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENE", description = "A two-transfer ledger scene.")
    String scenePath = "scenes/double-spend.yaml";

    @Option(names = "--mitigation", paramLabel = "ID", converter = MitigationChoice.class,
            completionCandidates = MitigationChoice.class, description = "${COMPLETION-CANDIDATES}.")
    String mitigation = "naive";

    @Option(names = "--rounds", paramLabel = "N", description = "Measured rounds after the warm-up (1..1000).")
    int rounds = 9;

    @Option(names = "--warmup", paramLabel = "N",
            description = "Schedules run before measuring (0..1000000, default ${DEFAULT-VALUE}).")
    int warmupSchedules = 5_000;

    @Option(names = "--jit-settle-max", paramLabel = "SECONDS",
            description = "After the warm-up schedules, keep warming up until the JIT compiler is quiet, at most this "
                    + "long (0..600, default ${DEFAULT-VALUE}; 0: do not wait).")
    int jitSettleMaxSeconds = 60;

    @Option(names = "--runners", paramLabel = "N",
            description = "Runners (databases) side by side, 1..64 (default: one per core).")
    Integer runners;

    @Option(names = "--full3", description = "Also time the unpruned search of three transfers.")
    boolean full3;

    @Option(names = "--three-all", description = "Also time the pruned search of three transfers under every mitigation.")
    boolean threeAll;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws UsageException {
        if (rounds < 1 || rounds > 1000) {
            throw new UsageException("--rounds must be between 1 and 1000, got " + rounds);
        }
        if (warmupSchedules < 0 || warmupSchedules > 1_000_000) {
            throw new UsageException("--warmup must be between 0 and 1000000, got " + warmupSchedules);
        }
        if (jitSettleMaxSeconds < 0 || jitSettleMaxSeconds > 600) {
            throw new UsageException("--jit-settle-max must be between 0 and 600, got " + jitSettleMaxSeconds);
        }
        LedgerScene two = SceneArguments.load(scenePath);
        if (two.transfers().size() != 2) {
            throw new UsageException(scenePath + " has " + two.transfers().size()
                    + " transfers; the benchmark needs a two-transfer scene");
        }
        LedgerBackend.checkRunners(runners);
        LedgerExplorer explorer = LedgerBackend.explorer(racelab.ledger.H2Backend.INSTANCE, runners);
        out.printf("explore-bench: scene %s, mitigation %s, %d cores, %d runners, load average %s, %d rounds of %d "
                + "explorations after %d warm-up schedules%n", two.id(), mitigation,
                Runtime.getRuntime().availableProcessors(), explorer.runnerCount(), loadAverage(), rounds,
                EXPLORATIONS_PER_ROUND, warmupSchedules);
        try (RunnerPool runner = explorer.openRunners(two)) {
            // One open engine for all rounds: what is measured is replaying schedules, not creating databases.
            long warmedUp = 0;
            long warmStart = System.nanoTime();
            while (warmedUp < warmupSchedules) {
                warmedUp += unpruned(explorer, runner, two).explored();
            }
            // The C2 compiler goes on compiling the engine and H2 (hundreds of methods) for many seconds after a few
            // thousand schedules, on a core of its own: measured then, a round counts the JIT's work as the
            // explorer's (on a quiet 2-core machine it was most of the process's second core). Warm up until it is
            // quiet: under 5 % of the time compiling in each of the last two seconds.
            long settleDeadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(jitSettleMaxSeconds);
            int quietSeconds = 0;
            boolean settled = jitSettleMaxSeconds == 0 || JvmCounters.compileMs() < 0;
            while (!settled && System.nanoTime() < settleDeadline) {
                long windowStart = System.nanoTime();
                long compileStart = JvmCounters.compileMs();
                while (System.nanoTime() - windowStart < 1_000_000_000L) {
                    warmedUp += unpruned(explorer, runner, two).explored();
                }
                long windowMillis = (System.nanoTime() - windowStart) / 1_000_000;
                // Compile time counts a compilation only once it ends, and on a loaded machine a starved compiler
                // thread finishes late: the queues must be empty too.
                boolean quiet = (JvmCounters.compileMs() - compileStart) * 20 < windowMillis && !jitQueued();
                quietSeconds = quiet ? quietSeconds + 1 : 0;
                settled = quietSeconds == 2;
            }
            out.printf("warm-up: %d schedules in %.1f s; JIT compiler %s%n", warmedUp,
                    (System.nanoTime() - warmStart) / 1e9, jitSettleMaxSeconds == 0 ? "not waited for"
                            : settled ? "quiet (under 5 % of each of the last two seconds compiling, nothing queued)"
                            : "still busy after " + jitSettleMaxSeconds + " s (figures include its work)");
            long jitBefore = JvmCounters.compileMs();
            double[] perSecond = new double[rounds];
            double[] perCpuSecond = new double[rounds];
            List<Double> perRunnerSecond = new ArrayList<>();
            long schedules = 0;
            int runnersUsed = 0;
            for (int round = 0; round < rounds; round++) {
                long explored = 0;
                long[] runsBefore = runner.runsByRunner();
                long start = System.nanoTime();
                long cpuStart = processCpuNanos();
                for (int i = 0; i < EXPLORATIONS_PER_ROUND; i++) {
                    ExploreResult result = unpruned(explorer, runner, two);
                    schedules = result.explored();
                    explored += result.explored();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                perSecond[round] = explored / seconds;
                perCpuSecond[round] = explored / (Math.max(1, processCpuNanos() - cpuStart) / 1e9);
                long[] runsAfter = runner.runsByRunner();
                int used = 0;
                for (int r = 0; r < runsAfter.length; r++) {
                    long runs = runsAfter[r] - runsBefore[r];
                    if (runs > 0) {
                        used++;
                        perRunnerSecond.add(runs / seconds);
                    }
                }
                runnersUsed = Math.max(runnersUsed, used);
            }
            double[] sorted = perSecond.clone();
            Arrays.sort(sorted);
            double[] sortedCpu = perCpuSecond.clone();
            Arrays.sort(sortedCpu);
            double[] sortedPerRunner = perRunnerSecond.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            out.printf("two transfers: %d complete schedules per exploration (no pruning); all %d runners together: "
                    + "schedules/s median %.0f (min %.0f, max %.0f); load average now %s%n", schedules, runnersUsed,
                    sorted[rounds / 2], sorted[0], sorted[rounds - 1], loadAverage());
            out.printf("two transfers: per runner (each its own database and lane threads): schedules/s median %.0f "
                    + "(min %.0f, max %.0f) over %d runner-rounds%n", sortedPerRunner[sortedPerRunner.length / 2],
                    sortedPerRunner[0], sortedPerRunner[sortedPerRunner.length - 1], sortedPerRunner.length);
            if (jitBefore >= 0) {
                out.printf("two transfers: JIT compile time during the measured rounds: %.2f s%n",
                        (JvmCounters.compileMs() - jitBefore) / 1e3);
            }
            if (processCpuNanos() >= 0) {
                // CPU time of the whole process (lanes, the calling thread, JIT and GC) says what a schedule costs
                // whatever else the machine runs; wall time says how long one waits for it.
                out.printf("two transfers: schedules per CPU second of this process, median %.0f (min %.0f, max %.0f)%n",
                        sortedCpu[rounds / 2], sortedCpu[0], sortedCpu[rounds - 1]);
            }

            LedgerScene three = withCopyOfLastTransfer(two);
            long start = System.nanoTime();
            ExploreResult pruned = search(explorer, three, mitigation, true);
            double prunedSeconds = (System.nanoTime() - start) / 1e9;
            out.printf("three transfers, pruned (engine start included): %d interleavings, %d run, %d pruned, %.2f s "
                    + "(%.0f runs/s)%n",
                    pruned.schedules(), pruned.explored(), pruned.pruned(), prunedSeconds, pruned.explored() / prunedSeconds);
            if (full3) {
                start = System.nanoTime();
                ExploreResult full = search(explorer, three, mitigation, false);
                double fullSeconds = (System.nanoTime() - start) / 1e9;
                out.printf("three transfers, every interleaving: %d run, %.2f s (%.0f runs/s)%n",
                        full.explored(), fullSeconds, full.explored() / fullSeconds);
            }
            if (threeAll) {
                double slowest = 0;
                String slowestId = "";
                for (String id : racelab.ledger.Mitigations.idsOn(racelab.ledger.H2Backend.INSTANCE)) {
                    start = System.nanoTime();
                    ExploreResult result = search(explorer, three, id, true);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    out.printf("three transfers, pruned, %-22s %6d run of %d, %6.2f s%s%n", id + ":", result.explored(),
                            result.schedules(), seconds, result.complete() ? "" : " (incomplete)");
                    if (seconds > slowest) {
                        slowest = seconds;
                        slowestId = id;
                    }
                }
                out.printf("three transfers, pruned, every mitigation: slowest %s, %.2f s; load average now %s%n",
                        slowestId, slowest, loadAverage());
            }
        } catch (Exception e) {
            err.println("ledger-lab explore-bench: the search failed: " + e);
            return 1;
        }
        return 0;
    }

    private ExploreResult unpruned(LedgerExplorer explorer, RunnerPool runner, LedgerScene two) throws Exception {
        return explorer.explore(runner, two, mitigation, ExploreOptions.DEFAULT.withPrune(false), ProgressListener.NONE,
                new Cancellation());
    }

    /**
     * Whether HotSpot is compiling or has methods queued for its compilers, from its {@code Compiler.queue}
     * diagnostic command (what {@code jcmd PID Compiler.queue} prints); false where the command is not available.
     */
    private static boolean jitQueued() {
        try {
            Object queue = java.lang.management.ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerQueue",
                    new Object[] {null}, new String[] {String[].class.getName()});
            for (String line : String.valueOf(queue).split("\n")) {
                String item = line.strip();
                // Headers, "Empty", or a compile: "C2 CompilerThread0  1413  4  java.lang...", "1439  3  java...".
                if (item.contains("CompilerThread") || item.matches("\\d+\\s.*")) {
                    return true;
                }
            }
            return false;
        } catch (javax.management.JMException | RuntimeException unavailable) {
            return false;
        }
    }

    /** CPU time this process has used, all threads, or -1 where the JVM cannot tell. */
    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }

    /** The one-minute system load average, as the benchmark's context (the machine is shared). */
    private static String loadAverage() {
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? "unknown" : String.format(java.util.Locale.ROOT, "%.1f", load);
    }

    private static ExploreResult search(LedgerExplorer explorer, LedgerScene scene, String mitigation, boolean prune)
            throws Exception {
        return explorer.explore(scene, mitigation, ExploreOptions.DEFAULT.withPrune(prune), ProgressListener.NONE,
                new Cancellation());
    }

    /** The scene with a third lane: a copy of its last transfer, scheduled after the others. */
    static LedgerScene withCopyOfLastTransfer(LedgerScene scene) {
        Transfer last = scene.transfers().get(scene.transfers().size() - 1);
        String id = "T" + (scene.transfers().size() + 1);
        List<Transfer> transfers = new ArrayList<>(scene.transfers());
        transfers.add(new Transfer(id, last.from(), last.to(), last.amount(), last.instance(), last.requestKey(),
                last.absoluteWrite(), last.readFromReplica()));
        List<StepRef> schedule = new ArrayList<>(scene.schedule());
        for (String phase : LedgerScene.PHASES) {
            schedule.add(new StepRef(id, phase));
        }
        return new LedgerScene(scene.id() + "-three", scene.title(), scene.file(), scene.accounts(), transfers,
                scene.mitigation(), schedule, scene.narration(), scene.notes(), scene.groups(), scene.idempotencyKeys());
    }
}
