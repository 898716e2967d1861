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

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws UsageException {
        if (runs < 1 || runs > 20) {
            throw new UsageException("--runs expects between 1 and 20, found " + runs);
        }
        if (entries < 2_000 || entries > 20_000_000) {
            throw new UsageException("--entries expects between 2000 and 20000000, found " + entries);
        }
        try {
            java.util.List<Double> rates = new java.util.ArrayList<>();
            LogBench.Measurement m = null;
            for (int run = 0; run < runs; run++) {
                m = new LogBench().run((int) entries);
                rates.add(m.entriesPerSecond());
                out.println(String.format("  run %d: wall %d ms, %.0f entries/s, peak heap %.1f MiB, %d cores, simulated %d ms, "
                        + "%d events, ledger %s", run + 1, m.wallMs(), m.entriesPerSecond(), m.peakHeapBytes() / 1048576.0,
                        m.cores(), m.simulatedMs(), m.events(), m.correct() ? "correct" : "WRONG " + m.causes()));
            }
            java.util.Collections.sort(rates);
            out.println(String.format("log-bench: %d entries (RF 3, min.insync.replicas 2, exactly_once_v2, flush.messages 1, "
                    + "power cut of the rack halfway, full restore): median %.0f entries/s over %d run(s), %d cores",
                    m.entries(), rates.get(rates.size() / 2), runs, m.cores()));
            return 0;
        } catch (SettingException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
