package racelab.fuzz;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The class table of a fuzz campaign, in the order issue 12 reported it, with a few examples of every class that is a
 * finding. Immutable once built.
 *
 * @param counts class label to count, every class listed (zeros included) in a fixed order
 * @param examples class label to the first few mutants of that class, for every finding
 * @param rejectedKept rejected mutant files kept for a command-line check, with whether each is a log scene
 * @param openDatabases lab H2 databases still open after the campaign
 * @param liveThreads threads started during the campaign and still alive after it
 */
public record FuzzReport(int mutants, long seed, int scenes, long elapsedMs, long ledgerBoundMs, long logBoundMs,
        Map<String, Integer> counts,
        Map<String, List<String>> examples, Map<Path, Boolean> rejectedKept, List<String> openDatabases,
        List<String> liveThreads) {

    public static final String ACCEPTED = "accepted";
    public static final String REJECTED_LOCATED = "rejected with a located error";
    public static final String REJECTED_UNLOCATED = "rejected without a located error";
    public static final String LOAD_THREW = "unexpected exception while loading";
    public static final String SLOW_LOAD = "loading took longer than 2 s";
    public static final String LEDGER_OUTCOME = "accepted ledger scene run to an outcome";
    public static final String LEDGER_FAILED = "accepted ledger scene whose run failed (database error, exit 1)";
    public static final String LEDGER_THREW = "accepted ledger scene whose run threw";
    public static final String LEDGER_HANG = "accepted ledger scene whose run did not end within its bound";
    public static final String LOG_OUTCOME = "accepted log scene run to an outcome (settled)";
    public static final String LOG_UNSETTLED = "accepted log scene run to an outcome (did not settle within its budget)";
    public static final String LOG_THREW = "accepted log scene whose simulation threw";
    public static final String LOG_HANG = "accepted log scene whose simulation did not end within its bound";
    public static final String OPEN_DATABASES = "in-memory H2 databases still open at the end";
    public static final String LIVE_THREADS = "threads started by the campaign still alive at the end";

    private static final List<String> ORDER = List.of(ACCEPTED, REJECTED_LOCATED, REJECTED_UNLOCATED, LOAD_THREW,
            SLOW_LOAD, LEDGER_OUTCOME, LEDGER_FAILED, LEDGER_THREW, LEDGER_HANG, LOG_OUTCOME, LOG_UNSETTLED, LOG_THREW,
            LOG_HANG, OPEN_DATABASES, LIVE_THREADS);
    /** Classes that are not findings: everything else must be zero for a clean campaign. */
    private static final List<String> FINE = List.of(ACCEPTED, REJECTED_LOCATED, LEDGER_OUTCOME, LOG_OUTCOME,
            LOG_UNSETTLED);
    private static final int EXAMPLES_MAX = 5;

    public int count(String label) {
        return counts.getOrDefault(label, 0);
    }

    /** Accepted mutants that were run. */
    public int runs() {
        return count(LEDGER_OUTCOME) + count(LEDGER_FAILED) + count(LEDGER_THREW) + count(LEDGER_HANG)
                + count(LOG_OUTCOME) + count(LOG_UNSETTLED) + count(LOG_THREW) + count(LOG_HANG);
    }

    /** The labels of findings with a count above zero. */
    public List<String> findings() {
        List<String> findings = new ArrayList<>();
        counts.forEach((label, count) -> {
            if (count > 0 && !FINE.contains(label)) {
                findings.add(label);
            }
        });
        return findings;
    }

    /** The table as Markdown, then the examples of every finding. */
    public String toMarkdown() {
        StringBuilder text = new StringBuilder();
        text.append(String.format("%,d mutants of %d scenes, seed %d, %.1f s on %d cores (hang bounds: ledger %d s, "
                + "log %d s of wall time)%n%n", mutants, scenes, seed, elapsedMs / 1000.0,
                Runtime.getRuntime().availableProcessors(), ledgerBoundMs / 1000, logBoundMs / 1000));
        text.append("| class | count |\n|---|---:|\n");
        counts.forEach((label, count) -> text.append(String.format("| %s | %,d |%n", label, count)));
        examples.forEach((label, list) -> {
            text.append('\n').append(label).append(":\n");
            list.forEach(example -> text.append("  - ").append(example).append('\n'));
        });
        return text.toString();
    }

    /** Collects counts while a campaign runs. */
    static final class Builder {
        private final Map<String, Integer> counts = new LinkedHashMap<>();
        private final Map<String, List<String>> examples = new LinkedHashMap<>();
        private final Map<Path, Boolean> rejectedKept = new LinkedHashMap<>();
        private List<String> openDatabases = List.of();
        private List<String> liveThreads = List.of();

        Builder() {
            ORDER.forEach(label -> counts.put(label, 0));
        }

        void count(String label, String example) {
            counts.merge(label, 1, Integer::sum);
            if (example != null && !FINE.contains(label)) {
                List<String> list = examples.computeIfAbsent(label, l -> new ArrayList<>());
                if (list.size() < EXAMPLES_MAX) {
                    list.add(example.length() > 600 ? example.substring(0, 600) + "..." : example);
                }
            }
        }

        int count(String label) {
            return counts.getOrDefault(label, 0);
        }

        int rejectedKept() {
            return rejectedKept.size();
        }

        void keepRejected(Path file, boolean log) {
            rejectedKept.put(file, log);
        }

        void leaks(List<String> databases, List<String> threads) {
            openDatabases = List.copyOf(databases);
            liveThreads = List.copyOf(threads);
            counts.put(OPEN_DATABASES, databases.size());
            counts.put(LIVE_THREADS, threads.size());
            if (!databases.isEmpty()) {
                examples.put(OPEN_DATABASES, databases.subList(0, Math.min(EXAMPLES_MAX, databases.size())));
            }
            if (!threads.isEmpty()) {
                examples.put(LIVE_THREADS, threads.subList(0, Math.min(EXAMPLES_MAX, threads.size())));
            }
        }

        FuzzReport build(FuzzCampaign.Options options, int scenes, long elapsedMs) {
            Map<String, List<String>> frozen = new LinkedHashMap<>();
            examples.forEach((label, list) -> frozen.put(label, List.copyOf(list)));
            return new FuzzReport(options.mutants(), options.seed(), scenes, elapsedMs, options.ledgerBoundMs(),
                    options.logBoundMs(),
                    Collections.unmodifiableMap(new LinkedHashMap<>(counts)), Collections.unmodifiableMap(frozen),
                    Collections.unmodifiableMap(new LinkedHashMap<>(rejectedKept)), openDatabases, liveThreads);
        }
    }
}
