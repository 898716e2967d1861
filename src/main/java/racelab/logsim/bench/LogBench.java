package racelab.logsim.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Map;
import racelab.bench.JvmCounters;
import racelab.logsim.LogSimulation;
import racelab.logsim.config.SettingException;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.scene.Fault;
import racelab.logsim.scene.LogScene;
import racelab.logsim.scene.Workload;

/**
 * The log simulator benchmark: a large journal through a replication-factor-3 cluster, a power cut of the whole
 * rack halfway, a full restore on another instance, and the audit. Measures wall time per simulated entry and the
 * peak heap (the only place the simulator reads a wall clock is here, outside the simulation). On a shared machine
 * wall time mostly measures the other processes, so it also reports the CPU time of the simulating thread, the time
 * the collectors spent, and the load average at the end: entries per CPU second is the figure to compare between
 * builds when the load differs.
 *
 * <p>The heap figure is the most heap in use at once ({@link HeapWatch}), with the live data (the most left after a
 * collection) beside it: how much the collector lets the heap fill before it collects depends on the heap limit,
 * which {@code log-bench} sets for the JVM it measures in (see LogBenchCommand).
 */
public final class LogBench {

    /**
     * One measurement.
     *
     * @param cpuMs CPU time of the thread that ran the simulation and its audit (JIT and collector threads excluded)
     * @param gcMs time the garbage collectors report for the run (pauses and concurrent work, all collectors)
     * @param gcCount collections during the run
     * @param peakHeapBytes the most heap in use at once during the run: the largest use when a collection started or
     *     at the end ({@link HeapWatch}); -1 when the runtime sends no collection notifications
     * @param peakLiveBytes the most heap left in use after a collection during the run (the live data), or -1
     * @param poolPeakSumBytes the sum of the heap pools' own peaks: an upper bound of the peak heap, the figure
     *     log-bench printed before peakHeapBytes
     * @param maxHeapBytes the heap limit of this JVM ({@code -Xmx}, or the JVM's default)
     * @param loadAverage the system load average over the last minute at the end of the run, or -1 if unknown
     * @param jitMs time the JIT compilers spent compiling during the run (their own threads), or -1 where the JVM
     *     cannot tell: a run with much of it is not warm yet
     */
    public record Measurement(int entries, long wallMs, double entriesPerSecond, long peakHeapBytes, long peakLiveBytes,
            long poolPeakSumBytes, long maxHeapBytes, int cores, long simulatedMs, long events, boolean correct,
            List<String> causes, long cpuMs, long gcMs, long gcCount, double loadAverage, long jitMs) {

        /** Entries per second of the simulating thread's CPU time: what the run costs, whatever else the machine does. */
        public double entriesPerCpuSecond() {
            return entries * 1000.0 / Math.max(1, cpuMs);
        }
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

    public Measurement run(int entries) throws SettingException, InterruptedException {
        resetPeaks();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long gcMsBefore = JvmCounters.collectionMs();
        long gcCountBefore = JvmCounters.collections();
        long jitMsBefore = JvmCounters.compileMs();
        LogRunResult result;
        long wallMs;
        long cpuMs;
        long[] heap;
        try (HeapWatch watch = new HeapWatch()) {
            long cpuStartNs = threads.getCurrentThreadCpuTime();
            long startNs = System.nanoTime();
            result = LogSimulation.run(scene(entries), 1, Map.of());
            wallMs = Math.max(1, (System.nanoTime() - startNs) / 1_000_000);
            cpuMs = Math.max(1, (threads.getCurrentThreadCpuTime() - cpuStartNs) / 1_000_000);
            heap = watch.finish();
        }
        long poolPeaks = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                poolPeaks += pool.getPeakUsage().getUsed();
            }
        }
        return new Measurement(result.entries(), wallMs, result.entries() * 1000.0 / wallMs, heap[0], heap[1],
                poolPeaks, Runtime.getRuntime().maxMemory(), Runtime.getRuntime().availableProcessors(),
                result.simulatedMs(), result.events(), result.correct(), result.causes(), cpuMs,
                JvmCounters.collectionMs() - gcMsBefore, JvmCounters.collections() - gcCountBefore,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                jitMsBefore < 0 ? -1 : JvmCounters.compileMs() - jitMsBefore);
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }
}
