package racelab.logsim.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Map;
import racelab.logsim.LogSimulation;
import racelab.logsim.config.SettingException;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.scene.Fault;
import racelab.logsim.scene.LogScene;
import racelab.logsim.scene.Workload;

/**
 * The log simulator benchmark: a large journal through a replication-factor-3 cluster, a power cut of the whole
 * rack halfway, a full restore on another instance, and the audit. Measures wall time per simulated entry and the
 * peak heap (the only place the simulator reads a wall clock is here, outside the simulation).
 */
public final class LogBench {

    /** One measurement. */
    public record Measurement(int entries, long wallMs, double entriesPerSecond, long peakHeapBytes, int cores,
            long simulatedMs, long events, boolean correct, List<String> causes) {
    }

    /** The benchmark scene for {@code entries} journal entries. */
    public static LogScene scene(int entries) {
        int accounts = 1000;
        int transfers = Math.max(1, entries - accounts);
        long rate = 10_000;
        Workload workload = new Workload(accounts, 1_000_000, transfers, rate, 5_000, 0, 1_000);
        long cutMs = workload.startMs() + accounts + 100 + (transfers / 2) * 1000L / rate;
        Map<String, String> settings = Map.of("replication.factor", "3", "min.insync.replicas", "2", "sim.instances", "2",
                "sim.lineage", "false", "flush.messages", "1", "processing.guarantee", "exactly_once_v2",
                "max.poll.records", "5000", "sim.poll.interval.ms", "20");
        Fault cut = new Fault(cutMs, "power-cut", List.of("broker-1", "broker-2", "broker-3", "app-1"), null, 5_000, 0,
                "benchmark power cut");
        return new LogScene("log-bench", "<bench>", "benchmark", 1, settings, Map.of(), List.of(), "none", workload,
                List.of(cut), Map.of(), -1, "");
    }

    public Measurement run(int entries) throws SettingException {
        resetPeaks();
        long startNs = System.nanoTime();
        LogRunResult result = LogSimulation.run(scene(entries), 1, Map.of());
        long wallMs = Math.max(1, (System.nanoTime() - startNs) / 1_000_000);
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return new Measurement(result.entries(), wallMs, result.entries() * 1000.0 / wallMs, peak,
                Runtime.getRuntime().availableProcessors(), result.simulatedMs(), result.events(), result.correct(),
                result.causes());
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }
}
