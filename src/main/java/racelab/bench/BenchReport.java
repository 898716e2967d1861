package racelab.bench;

import java.util.List;

/**
 * The result of a whole benchmark: its settings (enough to rerun it), where it ran, and one cell per mitigation
 * and worker count.
 *
 * @param availableProcessors what the JVM saw, the {@code nproc} of the machine
 * @param complete false when the benchmark was cancelled before its last run
 */
public record BenchReport(
        BenchSettings settings,
        String workloadDescription,
        int availableProcessors,
        String javaVersion,
        String database,
        boolean complete,
        List<CellResult> cells) {

    public BenchReport {
        cells = List.copyOf(cells);
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
