package racelab.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import racelab.logsim.bench.LogBench;
import racelab.logsim.config.SettingException;

/**
 * {@code log-bench [--entries N] [--runs N] [--warmup N] [--max-heap SIZE]}: entries per second and peak heap of a
 * large simulated run.
 *
 * <p>How it measures, and why. A run in a fresh JVM mostly measures the JIT compiling the simulator (the first run of
 * a million entries took 2.5-3.3 s, the second still 1.9 s, later ones 1.1-1.2 s), so {@code --warmup} runs (3 by
 * default) go first and are printed but left out of the medians, and every run prints the time the JIT compilers
 * spent during it. The medians are over {@code --runs} runs (5 by default), as JMH reports a warmed-up median.
 *
 * <p>The heap a JVM lets fill before it collects depends on its heap limit, not on the program (the default limit
 * here is a quarter of the machine's memory), so by default the runs happen in a child JVM started with
 * {@code -Xms256m -Xmx256m}: the target as the limit, so a run that needed more would fail there with
 * OutOfMemoryError, and as a fixed size, because G1 shrinks the heap after the full collection that resets the
 * peaks between runs and each run then spent its first half growing it again, with twice the collections and
 * three to five times the concurrent marking cycles (measured with {@code -Xlog:gc}: 216-235 pauses and 68-82
 * cycles over five runs without {@code -Xms}, 84-115 and 14-34 with it). The peak heap printed is the most heap in
 * use at once, and the live data the most left after a collection. {@code --max-heap none} measures in this JVM,
 * with whatever limits it was started with.
 */
@Command(name = "log-bench", description = "Benchmark the log simulator: RF 3, power cut, full restore.")
final class LogBenchCommand extends LabCommand {

    /** The heap limit of the measuring JVM unless --max-heap says otherwise: the target. */
    static final String DEFAULT_MAX_HEAP = "256m";

    @Option(names = "--entries", paramLabel = "N", description = "Journal entries per run (2000..20000000).")
    long entries = 1_000_000;

    @Option(names = "--runs", paramLabel = "N",
            description = "Measured runs; the median is reported (1..20, default 5).")
    int runs = 5;

    @Option(names = "--warmup", paramLabel = "N",
            description = "Runs before the measured ones, printed but not in the medians: JIT warm-up (0..20, default 3).")
    int warmup = 3;

    @Option(names = "--max-heap", paramLabel = "SIZE", description = "Heap limit of the JVM that measures, e.g. 256m "
            + "or 1g (a child JVM started with -Xms SIZE -Xmx SIZE; default 256m), or none: measure in this JVM.")
    String maxHeap = DEFAULT_MAX_HEAP;

    /** The median of one figure over the runs (the upper middle one for an even count). */
    private static double median(List<LogBench.Measurement> all, ToDoubleFunction<LogBench.Measurement> figure) {
        double[] values = all.stream().mapToDouble(figure).sorted().toArray();
        return values[values.length / 2];
    }

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws UsageException {
        if (runs < 1 || runs > 20) {
            throw new UsageException("--runs expects between 1 and 20, found " + runs);
        }
        if (warmup < 0 || warmup > 20) {
            throw new UsageException("--warmup expects between 0 and 20, found " + warmup);
        }
        if (entries < 2_000 || entries > 20_000_000) {
            throw new UsageException("--entries expects between 2000 and 20000000, found " + entries);
        }
        if (!maxHeap.equals("none") && !maxHeap.matches("[1-9][0-9]{0,5}[mMgG]")) {
            throw new UsageException("--max-heap expects a size such as 256m or 1g, or none, found '" + maxHeap + "'");
        }
        if (!maxHeap.equals("none")) {
            return runInChild(out, err);
        }
        try {
            for (int run = 0; run < warmup; run++) {
                LogBench.Measurement m = new LogBench().run((int) entries);
                out.println("  warm-up " + (run + 1) + ": " + describe(m));
                out.flush();
            }
            List<LogBench.Measurement> all = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                LogBench.Measurement m = new LogBench().run((int) entries);
                all.add(m);
                out.println("  run " + (run + 1) + ": " + describe(m));
                out.flush();
            }
            LogBench.Measurement m = all.get(0);
            out.println(String.format("log-bench: %d entries (RF 3, min.insync.replicas 2, exactly_once_v2, flush.messages 1, "
                    + "power cut of the rack halfway, full restore), %d run(s) after %d warm-up run(s) in one JVM "
                    + "(heap limit %.0f MiB), medians: %.0f entries/s wall (min %.0f, max %.0f), %.0f entries per CPU "
                    + "second, peak heap %s, live data %s; %d cores, load average %.1f at the end",
                    m.entries(), runs, warmup, m.maxHeapBytes() / 1048576.0,
                    median(all, LogBench.Measurement::entriesPerSecond),
                    all.stream().mapToDouble(LogBench.Measurement::entriesPerSecond).min().orElse(0),
                    all.stream().mapToDouble(LogBench.Measurement::entriesPerSecond).max().orElse(0),
                    median(all, LogBench.Measurement::entriesPerCpuSecond),
                    mib(median(all, x -> x.peakHeapBytes())), mib(median(all, x -> x.peakLiveBytes())), m.cores(),
                    all.get(all.size() - 1).loadAverage()));
            return 0;
        } catch (SettingException e) {
            throw new UsageException(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("log-bench: interrupted");
            return 1;
        } catch (OutOfMemoryError e) {
            err.println(String.format("log-bench: %d entries need more heap than this JVM's limit of %.0f MiB "
                    + "(OutOfMemoryError); try --max-heap with a larger size", entries,
                    Runtime.getRuntime().maxMemory() / 1048576.0));
            return 1;
        }
    }

    private static String describe(LogBench.Measurement m) {
        return String.format("wall %d ms, %.0f entries/s, CPU %d ms (%.0f entries per CPU second), GC %d ms in %d "
                + "collections, JIT %s, peak heap %s (live data %s, sum of pool peaks %.1f MiB, heap limit %.0f MiB%s), %d cores, "
                + "load average %.1f, simulated %d ms, %d events, ledger %s", m.wallMs(), m.entriesPerSecond(), m.cpuMs(),
                m.entriesPerCpuSecond(), m.gcMs(), m.gcCount(), m.jitMs() < 0 ? "unknown" : m.jitMs() + " ms",
                mib(m.peakHeapBytes()), mib(m.peakLiveBytes()),
                m.poolPeakSumBytes() / 1048576.0, m.maxHeapBytes() / 1048576.0,
                m.peakHeapBytes() < 0 ? "; this runtime sends no collector notifications" : "", m.cores(), m.loadAverage(),
                m.simulatedMs(), m.events(), m.correct() ? "correct" : "WRONG " + m.causes());
    }

    /** A heap figure; "unknown" where the runtime sends no collector notifications (a jlinked image). */
    private static String mib(double bytes) {
        return bytes < 0 ? "unknown" : String.format("%.1f MiB", bytes / 1048576.0);
    }

    /** The java command of this runtime and the command line of a child JVM measuring with the heap limit. */
    List<String> childCommand() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms" + maxHeap,
                "-Xmx" + maxHeap, "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "log-bench", "--max-heap", "none",
                "--entries", Long.toString(entries), "--runs", Integer.toString(runs), "--warmup",
                Integer.toString(warmup));
    }

    private int runInChild(PrintWriter out, PrintWriter err) {
        List<String> command = childCommand();
        out.println("log-bench: measuring in a child JVM with a fixed heap, -Xms" + maxHeap + " -Xmx" + maxHeap
                + " (--max-heap none: in this JVM)");
        out.flush();
        Process child;
        try {
            child = new ProcessBuilder(command).start();
        } catch (IOException e) {
            err.println("log-bench: cannot start the measuring JVM " + command.get(0) + ": " + e.getMessage());
            return 1;
        }
        // Ctrl+C ends this JVM through its shutdown hooks: take the child along.
        Thread reaper = new Thread(child::destroyForcibly, "log-bench-child-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            Thread errors = new Thread(() -> relay(child.getErrorStream(), err), "log-bench-child-stderr");
            errors.start();
            relay(child.getInputStream(), out);
            int exit = child.waitFor();
            errors.join();
            return exit;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            child.destroyForcibly();
            err.println("log-bench: interrupted");
            return 1;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs
            }
        }
    }

    private static void relay(InputStream from, PrintWriter to) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(from, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                synchronized (to) {
                    to.println(line);
                    to.flush();
                }
            }
        } catch (IOException e) {
            synchronized (to) {
                to.println("log-bench: lost the measuring JVM's output: " + e.getMessage());
            }
        }
    }
}
