package racelab.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * This JVM's running totals of JIT compilation and garbage collection, read before and after a measured stretch: the
 * benchmarks print what the compilers and collectors did during their runs, so a run that is not warm yet, or one
 * the collector dominated, shows as such.
 */
public final class JvmCounters {

    private JvmCounters() {
    }

    /** Milliseconds the JIT compilers have spent compiling so far (summed over their threads), or -1 where unknown. */
    public static long compileMs() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    /** Milliseconds the collectors report so far (pauses and concurrent work), over every collector. */
    public static long collectionMs() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    /** Collections so far, over every collector. */
    public static long collections() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionCount());
        }
        return total;
    }
}
