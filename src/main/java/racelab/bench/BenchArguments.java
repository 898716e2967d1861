package racelab.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;
import racelab.cli.UsageException;

/**
 * The options of {@code bench} (a picocli mixin of {@link BenchCommand}), turned into {@link BenchSettings} by
 * {@link #settings(List)}; every mistake is a picocli parameter error or a {@link UsageException}.
 */
public final class BenchArguments {

    @Option(names = "--workers", split = ",", paramLabel = "N", description = "Worker counts to measure, e.g. 1,2,4,8.")
    List<Integer> workers = new ArrayList<>(List.of(1, 2, 4, 8));

    @Option(names = "--accounts", paramLabel = "N", description = "Accounts in the ledger (at least 2).")
    int accounts = 1000;

    @Option(names = "--hot", paramLabel = "FRACTION", description = "Fraction of transfers that touch a hot account.")
    double hot = 0.9;

    @Option(names = "--hot-accounts", paramLabel = "N", description = "How many accounts are hot.")
    int hotAccounts = 10;

    @Option(names = "--zipf", paramLabel = "S", description = "Zipf exponent over the cold accounts (0 = uniform).")
    double zipf = 0;

    @Option(names = "--loans", paramLabel = "FRACTION", description = "Fraction of accounts that may go negative.")
    double loans = 0.1;

    @Option(names = "--opening", paramLabel = "AMOUNT", description = "Opening balance of every account.")
    long opening = 100;

    @Option(names = "--max-amount", paramLabel = "AMOUNT", description = "Largest transfer amount.")
    long maxAmount = 100;

    @Option(names = "--mitigations", split = ",", paramLabel = "ID",
            description = "The mitigations to measure (default: every one).")
    List<String> mitigations;

    @Option(names = "--seconds", paramLabel = "S", description = "Length of each timed run (default: 2 s unless "
            + "--transfers is given).")
    Double seconds;

    @Option(names = "--transfers", paramLabel = "N", description = "Transfers per run instead of a time limit.")
    Long transfers;

    @Option(names = "--warmup", paramLabel = "S", description = "Warm-up seconds before a timed run (default 0.5).")
    Double warmup;

    @Option(names = "--warmup-transfers", paramLabel = "N", description = "Warm-up transfers of a counted run "
            + "(default: a tenth of --transfers).")
    Long warmupTransfers;

    @Option(names = "--reps", paramLabel = "N", description = "Repetitions of each cell; the median is reported.")
    int reps = 3;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the workload.")
    long seed = 1;

    @Option(names = "--max-attempts", paramLabel = "N", description = "Retries of one transfer before it is given up.")
    int maxAttempts = 100;

    @Option(names = "--jvm-warmup", paramLabel = "N", description = "Transfers run once before measuring, to warm "
            + "the JIT.")
    long jvmWarmup = 20_000;

    @Option(names = "--json", description = "Print one JSON object on stdout instead of the table.")
    boolean json;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also save every measurement as CSV (atomically).")
    String csvFile;

    @Option(names = "--log", description = "The log side instead: the SIMULATED cost of durability settings.")
    boolean log;

    @Option(names = "--log-seeds", split = ",", paramLabel = "N", description = "Seeds of the log side.")
    List<Long> logSeeds = new ArrayList<>(List.of(1L, 2L));

    /** The workload and run settings, checked; {@code allMitigations} is the default for {@code --mitigations}. */
    public BenchSettings settings(List<String> allMitigations) throws UsageException {
        for (int count : workers) {
            atLeast("--workers", count, 1);
        }
        List<String> chosen = mitigations == null ? allMitigations : mitigations;
        for (String name : chosen) {
            if (!allMitigations.contains(name)) {
                throw new UsageException("unknown mitigation '" + name + "'; expected one of " + allMitigations);
            }
        }
        atLeast("--accounts", accounts, 2);
        atLeast("--hot-accounts", hotAccounts, 1);
        atLeast("--opening", opening, 1);
        atLeast("--max-amount", maxAmount, 1);
        long transferCount = transfers == null ? 0 : transfers;
        if (transfers != null) {
            atLeast("--transfers", transferCount, 1);
        }
        atLeast("--reps", reps, 1);
        atLeast("--max-attempts", maxAttempts, 1);
        atLeast("--jvm-warmup", jvmWarmup, 0);
        if (warmupTransfers != null) {
            atLeast("--warmup-transfers", warmupTransfers, 0);
        }
        fraction("--hot", hot);
        fraction("--loans", loans);
        nonNegative("--zipf", zipf);
        double runSeconds = seconds == null ? 0 : seconds;
        nonNegative("--seconds", runSeconds);
        if (warmup != null) {
            nonNegative("--warmup", warmup);
        }
        if (runSeconds > 0 && transferCount > 0) {
            throw new UsageException("give --seconds or --transfers, not both");
        }
        if (runSeconds <= 0 && transferCount <= 0) {
            runSeconds = 2;
        }
        if (hotAccounts > accounts) {
            throw new UsageException("--hot-accounts " + hotAccounts + " is more than --accounts " + accounts);
        }
        try {
            Workload workload = new Workload(accounts, hotAccounts, hot, zipf, loans, opening, maxAmount, seed);
            return new BenchSettings(chosen, List.copyOf(workers), workload, runSeconds, transferCount,
                    warmup == null ? (runSeconds > 0 ? 0.5 : 0) : warmup,
                    warmupTransfers == null ? transferCount / 10 : warmupTransfers, reps, maxAttempts, jvmWarmup);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static void atLeast(String flag, long value, long min) throws UsageException {
        if (value < min) {
            throw new UsageException(flag + " must be at least " + min + ", got " + value);
        }
    }

    private static void nonNegative(String flag, double value) throws UsageException {
        if (value < 0) {
            throw new UsageException(flag + " must be a non-negative number, got " + value);
        }
    }

    private static void fraction(String flag, double value) throws UsageException {
        nonNegative(flag, value);
        if (value > 1) {
            throw new UsageException(flag + " is a fraction between 0 and 1, got " + value
                    + String.format(Locale.ROOT, " (did you mean %s?)", value / 100));
        }
    }

    /** {@code --log}: the simulated log-side durability table instead of the ledger benchmark. */
    public boolean log() {
        return log;
    }

    public List<Long> logSeeds() {
        return List.copyOf(logSeeds);
    }

    public boolean json() {
        return json;
    }

    public String csvFile() {
        return csvFile;
    }
}
