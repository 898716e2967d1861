package racelab.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import java.util.function.Function;
import racelab.cli.BackendOptions;
import racelab.cli.LabCommand;
import racelab.ledger.DatabaseBackend;
import racelab.cli.UsageException;

/** {@code bench}: the load benchmark of every mitigation, printed as a table or one JSON object. */
@Command(name = "bench", description = {"Measure throughput, latency, aborts and violations of each mitigation "
        + "under contention, on H2 or PostgreSQL.", "With --log: the SIMULATED cost of durability settings on the log side."})
public final class BenchCommand extends LabCommand {

    private final Function<DatabaseBackend, TargetCatalog> catalogs;

    @Mixin
    BenchArguments arguments = new BenchArguments();

    @Mixin
    BackendOptions database = new BackendOptions();

    /** A bench over a fixed catalog of targets on H2 (tests use their own). */
    public BenchCommand(TargetCatalog catalog) {
        this(backend -> catalog);
    }

    /** A bench whose targets run on the database chosen with {@code --backend}. */
    public BenchCommand(Function<DatabaseBackend, TargetCatalog> catalogs) {
        this.catalogs = catalogs;
    }

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws UsageException {
        if (arguments.log()) {
            return runLogSide(arguments, out, err);
        }
        TargetCatalog catalog = catalogs.apply(database.open());
        BenchSettings settings = arguments.settings(catalog.ids());
        BenchProgress progress = arguments.json() ? BenchProgress.NONE
                : (done, total, mitigation, workers, stats) -> err.printf("  [%d/%d] %s, %d workers: %.0f/s%n",
                        done, total, mitigation, workers, stats.transfersPerSecond());
        BenchReport report;
        try {
            report = new BenchRunner(catalog).run(settings, progress);
        } catch (IllegalStateException e) {
            err.println("bench: " + e.getMessage());
            return 1;
        }
        if (arguments.csvFile() != null) {
            try {
                BenchFormats.saveAtomically(Path.of(arguments.csvFile()), BenchFormats.csv(report));
            } catch (IOException e) {
                err.println("bench: cannot write " + arguments.csvFile() + ": " + e.getMessage());
                return 1;
            }
        }
        out.print(arguments.json() ? BenchFormats.json(report) + "\n" : BenchFormats.table(report));
        return 0;
    }

    /** Rate, record counts and the wall-clock guard of the simulated log side. */
    static final long LOG_RATE_PER_SECOND = 200;
    static final int LOG_OPEN_LOOP_RECORDS = 2_000;
    static final int LOG_SYNC_RECORDS = 200;
    static final double LOG_GUARD_SECONDS = 120;

    private int runLogSide(BenchArguments arguments, PrintWriter out, PrintWriter err) {
        DurabilityBench.Report report;
        try {
            report = new DurabilityBench(LOG_RATE_PER_SECOND, LOG_OPEN_LOOP_RECORDS, LOG_SYNC_RECORDS,
                    arguments.logSeeds(), LOG_GUARD_SECONDS).run(DurabilityBench.issueVariants());
        } catch (IllegalArgumentException e) {
            err.println("bench --log: " + e.getMessage());
            return 1;
        }
        out.print(arguments.json() ? BenchFormats.json(report) + "\n" : DurabilityBench.table(report));
        return 0;
    }
}
