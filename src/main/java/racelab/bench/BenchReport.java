package racelab.bench;

import java.util.List;

/**
 * The result of a whole benchmark: its settings (enough to rerun it), where it ran, and one cell per mitigation
 * and worker count.
 *
 * @param availableProcessors what the JVM saw, the {@code nproc} of the machine
 * @param complete false when the benchmark was cancelled before its last run
 * @param loadAverageAtStart the 1-minute load average when the benchmark began ({@code /proc/loadavg}), -1 when
 *     unknown: other processes on a small machine move the figures, and this says how busy it was
 */
public record BenchReport(
        BenchSettings settings,
        String workloadDescription,
        int availableProcessors,
        String javaVersion,
        String database,
        double loadAverageAtStart,
        double loadAverageAtEnd,
        boolean complete,
        List<CellResult> cells) {

    public BenchReport {
        cells = List.copyOf(cells);
    }

    /** The 1-minute load average of the machine, or -1 when the platform does not say. */
    public static double loadAverageNow() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** The cell for this mitigation and worker count, or null. */
    public CellResult cell(String mitigation, int workers) {
        for (CellResult cell : cells) {
            if (cell.mitigation().equals(mitigation) && cell.workers() == workers) {
                return cell;
            }
        }
        return null;
    }
}
