package racelab.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import racelab.ledger.LedgerEngine;
import racelab.logsim.LogSimulation;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.scene.LogScene;
import racelab.logsim.scene.LogSceneLoader;
import racelab.scenario.LedgerScene;
import racelab.scenario.LedgerSceneLoader;
import racelab.scenario.SceneFormatException;

/**
 * Loads seeded mutants of scene files with the kind's loader, classifies every result (accepted, located rejection,
 * unlocated rejection, unexpected exception, slow load) and optionally runs accepted mutants: ledger scenes on H2,
 * log scenes in the simulator, each against a wall-clock bound that only this harness uses, so that a run that never
 * ends is counted as a hang instead of stopping the campaign. At the end it looks for H2 databases and threads the
 * runs left behind.
 */
public final class FuzzCampaign {

    /**
     * @param mutants how many mutants to load
     * @param seed the campaign seed: same seed, same mutants
     * @param runEvery run every n-th accepted mutant (1: all of them; 0: none)
     * @param ledgerBoundMs how long a ledger run may take before it counts as a hang
     * @param logBoundMs how long a simulation may take before it counts as a hang
     * @param slowLoadMs a load slower than this is a finding
     * @param keepRejected how many rejected mutants to keep (bytes and command) for a command-line check
     */
    public record Options(int mutants, long seed, int runEvery, long ledgerBoundMs, long logBoundMs, long slowLoadMs,
            int keepRejected) {

        /**
         * Every accepted mutant run when {@code run}. The wall-clock bounds are a safety net, not the runs' own
         * limits (the engine breaks every wait, the simulator has its event budget): they are generous so that a
         * machine shared by many builds does not turn a slow run into a reported hang.
         */
        public static Options of(int mutants, long seed, boolean run) {
            return new Options(mutants, seed, run ? 1 : 0, 60_000, 60_000, 2_000, 0);
        }

        public Options keeping(int rejected) {
            return new Options(mutants, seed, runEvery, ledgerBoundMs, logBoundMs, slowLoadMs, rejected);
        }
    }

    /** A source scene: its file, its kind and its text. */
    public record Source(Path file, boolean log, String text) {
    }

    private final List<Source> sources;
    private final SceneMutator mutator;

    public FuzzCampaign(List<Source> sources) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no scenes to mutate");
        }
        this.sources = List.copyOf(sources);
        this.mutator = new SceneMutator(sources.stream().map(Source::text).toList());
    }

    /** Every {@code *.yaml} scene of a folder, in name order. */
    public static List<Source> sourcesIn(Path directory) throws IOException {
        List<Source> sources = new ArrayList<>();
        try (var files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted(Comparator.naturalOrder()).toList()) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                sources.add(new Source(file, text.contains("\nkind: log"), text));
            }
        }
        return sources;
    }

    /** Runs the campaign; {@code progress} hears about every thousandth mutant. */
    public FuzzReport run(Options options, Path workDirectory, Consumer<String> progress) throws IOException {
        long startNanos = System.nanoTime();
        Set<Thread> threadsBefore = OpenResources.liveThreads();
        List<String> databasesBefore = OpenResources.openLabDatabases();
        FuzzReport.Builder report = new FuzzReport.Builder();
        SplittableRandom random = new SplittableRandom(options.seed());
        Runner runner = new Runner(options);
        int accepted = 0;
        try {
            for (int i = 0; i < options.mutants(); i++) {
                Source source = sources.get(i % sources.size());
                SceneMutator.Mutant mutant = mutator.mutate(source.file().getFileName().toString(), source.text(),
                        random.split());
                Path file = workDirectory.resolve(String.format("mutant-%05d-%s", i + 1, source.file().getFileName()));
                Files.write(file, mutant.bytes());
                Object scene = load(source, file, mutant, options, report);
                if (scene != null && options.runEvery() > 0 && accepted++ % options.runEvery() == 0) {
                    runner.run(scene, mutant, report);
                }
                if (scene == null && report.rejectedKept() < options.keepRejected()) {
                    report.keepRejected(file, source.log());
                } else {
                    Files.delete(file);
                }
                if ((i + 1) % 1_000 == 0) {
                    progress.accept((i + 1) + " mutants, " + report.count(FuzzReport.ACCEPTED) + " accepted");
                }
            }
        } finally {
            runner.close();
        }
        List<String> databases = new ArrayList<>(OpenResources.openLabDatabases());
        databases.removeAll(databasesBefore);
        report.leaks(databases, OpenResources.threadsStartedSince(threadsBefore));
        return report.build(options, sources.size(), (System.nanoTime() - startNanos) / 1_000_000);
    }

    /** The scene, or null when rejected; every outcome is counted. */
    private static Object load(Source source, Path file, SceneMutator.Mutant mutant, Options options,
            FuzzReport.Builder report) {
        long start = System.nanoTime();
        try {
            Object scene = source.log() ? LogSceneLoader.load(file) : LedgerSceneLoader.load(file);
            report.count(FuzzReport.ACCEPTED, null);
            return scene;
        } catch (SceneFormatException e) {
            String text = new String(mutant.bytes(), StandardCharsets.UTF_8);
            String why = LocationCheck.problem(text, e);
            if (why == null) {
                report.count(FuzzReport.REJECTED_LOCATED, null);
            } else {
                report.count(FuzzReport.REJECTED_UNLOCATED, mutant.describe() + ": " + e.getMessage() + " (" + why + ")");
            }
            return null;
        } catch (Throwable e) {
            // StackOverflowError included: that is exactly the kind of failure a campaign must count, not die of.
            report.count(FuzzReport.LOAD_THREW, mutant.describe() + ": " + e);
            return null;
        } finally {
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (ms > options.slowLoadMs()) {
                report.count(FuzzReport.SLOW_LOAD, mutant.describe() + ": " + ms + " ms");
            }
        }
    }

    /**
     * Runs accepted scenes on one worker thread, each under a wall-clock bound. A run past its bound is abandoned (its
     * thread is interrupted and a fresh worker takes over), so one hang cannot stop the campaign; the abandoned thread
     * then shows in the leak count if it never ends.
     */
    private static final class Runner implements AutoCloseable {

        private final Options options;
        private ExecutorService worker = newWorker();

        Runner(Options options) {
            this.options = options;
        }

        void run(Object scene, SceneMutator.Mutant mutant, FuzzReport.Builder report) {
            boolean log = scene instanceof LogScene;
            long boundMs = log ? options.logBoundMs() : options.ledgerBoundMs();
            long deadline = System.nanoTime() + boundMs * 1_000_000;
            Future<String> run = worker.submit(() -> log ? runLog((LogScene) scene, deadline) : runLedger((LedgerScene) scene));
            try {
                report.count(run.get(boundMs + 5_000, TimeUnit.MILLISECONDS), null);
            } catch (TimeoutException e) {
                run.cancel(true);
                worker.shutdownNow();
                worker = newWorker();
                report.count(log ? FuzzReport.LOG_HANG : FuzzReport.LEDGER_HANG, mutant.describe());
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                String label = cause instanceof LogSimulation.CancelledException ? FuzzReport.LOG_HANG
                        : cause instanceof SQLException ? FuzzReport.LEDGER_FAILED
                        : log ? FuzzReport.LOG_THREW : FuzzReport.LEDGER_THREW;
                report.count(label, mutant.describe() + ": " + cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("campaign interrupted", e);
            }
        }

        private static String runLedger(LedgerScene scene) throws SQLException {
            try (LedgerEngine engine = LedgerEngine.open(scene)) {
                engine.run(scene.mitigation(), scene.schedule(), scene.idempotencyKeys());
            }
            return FuzzReport.LEDGER_OUTCOME;
        }

        private static String runLog(LogScene scene, long deadlineNanos) throws Exception {
            LogRunResult result = LogSimulation.run(scene, scene.seed(), Map.of(), () -> System.nanoTime() > deadlineNanos);
            return result.settled() ? FuzzReport.LOG_OUTCOME : FuzzReport.LOG_UNSETTLED;
        }

        private static ExecutorService newWorker() {
            return Executors.newSingleThreadExecutor(r -> {
                Thread thread = new Thread(r, "fuzz-runner");
                thread.setDaemon(true);
                return thread;
            });
        }

        @Override
        public void close() {
            worker.shutdown();
            try {
                worker.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
