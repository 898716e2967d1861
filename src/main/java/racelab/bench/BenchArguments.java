package racelab.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import racelab.cli.UsageException;

/** Parses the flags of {@code bench} into {@link BenchSettings}; every mistake is a {@link UsageException}. */
public final class BenchArguments {

    public static final String USAGE = String.join("\n",
            "usage: bench [--workers 1,2,4,8] [--accounts 1000] [--hot 0.9] [--hot-accounts 10] [--zipf S]",
            "             [--loans 0.1] [--opening 100] [--max-amount 100] [--mitigations a,b,...]",
            "             [--seconds 2 | --transfers N] [--warmup 0.5 | --warmup-transfers N] [--reps 3]",
            "             [--seed 1] [--max-attempts 100] [--jvm-warmup 20000] [--json] [--csv FILE]",
            "       bench --log [--log-seeds 1,2] [--json]   (log side: SIMULATED cost of durability settings)");

    boolean json;
    boolean log;
    List<Long> logSeeds = List.of(1L, 2L);
    String csvFile;
    BenchSettings settings;

    private BenchArguments() {
    }

    /** Parses {@code args}; {@code allMitigations} is the default for {@code --mitigations}. */
    public static BenchArguments parse(String[] args, List<String> allMitigations) throws UsageException {
        BenchArguments parsed = new BenchArguments();
        List<Integer> workers = List.of(1, 2, 4, 8);
        List<String> mitigations = allMitigations;
        int accounts = 1000;
        double hot = 0.9;
        int hotAccounts = 10;
        double zipf = 0;
        double loans = 0.1;
        long opening = 100;
        long maxAmount = 100;
        double seconds = 0;
        long transfers = 0;
        Double warmup = null;
        Long warmupTransfers = null;
        int reps = 3;
        long seed = 1;
        int maxAttempts = 100;
        long jvmWarmup = 20_000;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--json":
                    parsed.json = true;
                    continue;
                case "--log":
                    parsed.log = true;
                    continue;
                case "--help":
                    throw new UsageException(USAGE);
                default:
                    break;
            }
            if (i + 1 >= args.length) {
                throw new UsageException("missing value after " + flag + "\n" + USAGE);
            }
            String value = args[++i];
            switch (flag) {
                case "--workers":
                    workers = intList(flag, value);
                    break;
                case "--mitigations":
                    mitigations = names(value, allMitigations);
                    break;
                case "--accounts":
                    accounts = (int) longValue(flag, value, 2);
                    break;
                case "--hot":
                    hot = fraction(flag, value);
                    break;
                case "--hot-accounts":
                    hotAccounts = (int) longValue(flag, value, 1);
                    break;
                case "--zipf":
                    zipf = doubleValue(flag, value);
                    break;
                case "--loans":
                    loans = fraction(flag, value);
                    break;
                case "--opening":
                    opening = longValue(flag, value, 1);
                    break;
                case "--max-amount":
                    maxAmount = longValue(flag, value, 1);
                    break;
                case "--seconds":
                    seconds = doubleValue(flag, value);
                    break;
                case "--transfers":
                    transfers = longValue(flag, value, 1);
                    break;
                case "--warmup":
                    warmup = doubleValue(flag, value);
                    break;
                case "--warmup-transfers":
                    warmupTransfers = longValue(flag, value, 0);
                    break;
                case "--reps":
                    reps = (int) longValue(flag, value, 1);
                    break;
                case "--seed":
                    seed = longValue(flag, value, Long.MIN_VALUE);
                    break;
                case "--jvm-warmup":
                    jvmWarmup = longValue(flag, value, 0);
                    break;
                case "--max-attempts":
                    maxAttempts = (int) longValue(flag, value, 1);
                    break;
                case "--log-seeds":
                    List<Long> seeds = new ArrayList<>();
                    for (String part : value.split(",")) {
                        seeds.add(longValue(flag, part.trim(), Long.MIN_VALUE));
                    }
                    parsed.logSeeds = List.copyOf(seeds);
                    break;
                case "--csv":
                    parsed.csvFile = value;
                    break;
                default:
                    throw new UsageException("unknown flag " + flag + "\n" + USAGE);
            }
        }
        if (seconds > 0 && transfers > 0) {
            throw new UsageException("give --seconds or --transfers, not both");
        }
        if (seconds <= 0 && transfers <= 0) {
            seconds = 2;
        }
        if (hotAccounts > accounts) {
            throw new UsageException("--hot-accounts " + hotAccounts + " is more than --accounts " + accounts);
        }
        try {
            Workload workload = new Workload(accounts, hotAccounts, hot, zipf, loans, opening, maxAmount, seed);
            parsed.settings = new BenchSettings(mitigations, workers, workload, seconds, transfers,
                    warmup == null ? (seconds > 0 ? 0.5 : 0) : warmup,
                    warmupTransfers == null ? transfers / 10 : warmupTransfers, reps, maxAttempts, jvmWarmup);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return parsed;
    }

    private static List<Integer> intList(String flag, String value) throws UsageException {
        List<Integer> values = new ArrayList<>();
        for (String part : value.split(",")) {
            values.add((int) longValue(flag, part.trim(), 1));
        }
        return values;
    }

    private static List<String> names(String value, List<String> known) throws UsageException {
        List<String> names = new ArrayList<>();
        for (String part : value.split(",")) {
            String name = part.trim();
            if (!known.contains(name)) {
                throw new UsageException("unknown mitigation '" + name + "'; expected one of " + known);
            }
            names.add(name);
        }
        return names;
    }

    private static long longValue(String flag, String value, long min) throws UsageException {
        try {
            long parsed = Long.parseLong(value);
            if (parsed < min) {
                throw new UsageException(flag + " must be at least " + min + ", got " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " expects a whole number, got '" + value + "'");
        }
    }

    private static double doubleValue(String flag, String value) throws UsageException {
        try {
            double parsed = Double.parseDouble(value);
            if (parsed < 0 || Double.isNaN(parsed) || Double.isInfinite(parsed)) {
                throw new UsageException(flag + " must be a non-negative number, got " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " expects a number, got '" + value + "'");
        }
    }

    private static double fraction(String flag, String value) throws UsageException {
        double parsed = doubleValue(flag, value);
        if (parsed > 1) {
            throw new UsageException(flag + " is a fraction between 0 and 1, got " + value
                    + String.format(Locale.ROOT, " (did you mean %s?)", parsed / 100));
        }
        return parsed;
    }

    /** {@code --log}: the simulated log-side durability table instead of the ledger benchmark. */
    public boolean log() {
        return log;
    }

    public List<Long> logSeeds() {
        return logSeeds;
    }

    public boolean json() {
        return json;
    }

    public String csvFile() {
        return csvFile;
    }

    public BenchSettings settings() {
        return settings;
    }
}
