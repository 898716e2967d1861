package racelab.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import racelab.logsim.bench.LogBench;
import racelab.logsim.config.SettingException;

/** {@code log-bench [--entries N]}: entries per second and peak heap of a large simulated run. */
@Command(name = "log-bench", description = "Benchmark the log simulator: RF 3, power cut, full restore.")
final class LogBenchCommand extends LabCommand {

    @Option(names = "--entries", paramLabel = "N", description = "Journal entries per run (2000..20000000).")
    long entries = 1_000_000;

    @Option(names = "--runs", paramLabel = "N", description = "Runs; the median is reported (1..20).")
    int runs = 1;

    /** The median of one figure over the runs (the upper middle one for an even count). */
    private static double median(java.util.List<LogBench.Measurement> all,
            java.util.function.ToDoubleFunction<LogBench.Measurement> figure) {
        double[] values = all.stream().mapToDouble(figure).sorted().toArray();
        return values[values.length / 2];
    }

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws UsageException {
        if (runs < 1 || runs > 20) {
            throw new UsageException("--runs expects between 1 and 20, found " + runs);
        }
        if (entries < 2_000 || entries > 20_000_000) {
            throw new UsageException("--entries expects between 2000 and 20000000, found " + entries);
        }
        try {
            java.util.List<LogBench.Measurement> all = new java.util.ArrayList<>();
            for (int run = 0; run < runs; run++) {
                LogBench.Measurement m = new LogBench().run((int) entries);
                all.add(m);
                out.println(String.format("  run %d: wall %d ms, %.0f entries/s, CPU %d ms (%.0f entries per CPU second), "
                        + "GC %d ms in %d collections, peak heap %.1f MiB, %d cores, load average %.1f, simulated %d ms, "
                        + "%d events, ledger %s", run + 1, m.wallMs(), m.entriesPerSecond(), m.cpuMs(),
                        m.entriesPerCpuSecond(), m.gcMs(), m.gcCount(), m.peakHeapBytes() / 1048576.0, m.cores(),
                        m.loadAverage(), m.simulatedMs(), m.events(), m.correct() ? "correct" : "WRONG " + m.causes()));
            }
            LogBench.Measurement m = all.get(0);
            out.println(String.format("log-bench: %d entries (RF 3, min.insync.replicas 2, exactly_once_v2, flush.messages 1, "
                    + "power cut of the rack halfway, full restore), %d run(s), medians: %.0f entries/s wall, %.0f entries "
                    + "per CPU second, peak heap %.1f MiB; %d cores, load average %.1f at the end",
                    m.entries(), runs, median(all, LogBench.Measurement::entriesPerSecond),
                    median(all, LogBench.Measurement::entriesPerCpuSecond),
                    median(all, x -> x.peakHeapBytes() / 1048576.0), m.cores(), all.get(all.size() - 1).loadAverage()));
            return 0;
        } catch (SettingException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
