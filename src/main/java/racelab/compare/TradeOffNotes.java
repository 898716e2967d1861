package racelab.compare;

import java.util.Map;

/**
 * One line per mitigation on what it costs at scale, for the compare view's cost line and reports. The
 * mitigation's own {@code tradeOff()} paragraph says the same at length; measured figures (throughput, latency,
 * abort rates under contention) are in {@link #FIGURES_DOC}, written by the {@code bench} command.
 */
public final class TradeOffNotes {

    /** Where the measured trade-off figures live, relative to the project root. */
    public static final String FIGURES_DOC = "docs/tradeoffs.md";

    private static final Map<String, String> NOTES = Map.ofEntries(
            Map.entry("naive", "no extra cost, and wrong under concurrency: the race window grows with load and latency"),
            Map.entry("repeatable-read", "snapshot reads cost nothing extra, but first-updater-wins aborts (40001) need retries"),
            Map.entry("repeatable-read-retry", "snapshot reads cost nothing extra; every first-updater-wins abort "
                    + "(40001) is a rollback and a retry, and write skew still passes"),
            Map.entry("serializable", "abort storms under contention: every conflict is a rollback and a retry; "
                    + "on PostgreSQL (SSI) it stops write skew if every writer runs SERIALIZABLE, on H2 it still lets it "
                    + "through"),
            Map.entry("for-update", "hot accounts become a queue: one transaction per lock-hold time per account; "
                    + "it locks only rows that exist, so a member joining a group rule is a phantom it misses"),
            Map.entry("for-update-unordered", "same queueing as for-update plus deadlock risk when locks are taken in "
                    + "different orders"),
            Map.entry("optimistic-version", "no locks held while the app thinks, but the compare-and-set UPDATE still "
                    + "waits for an uncommitted writer of the row, and every lost one is a rollback and a retry; "
                    + "retries pile up on hot accounts"),
            Map.entry("conditional-update", "one statement, no read round trip; row lock only for the write, "
                    + "but the rule must fit in a WHERE clause"),
            Map.entry("check-constraint", "free at the database, but only for single-row rules, and the client sees an error "
                    + "instead of a clean decline"),
            Map.entry("app-lock", "cheap in one process, useless across instances: a second instance does not see the lock"),
            Map.entry("single-writer", "no contention or aborts, but each account's throughput is one writer's: "
                    + "a single-partition limit"),
            Map.entry("advisory-lock", "a queue per account like for-update, without touching rows; the lock lives in "
                    + "the database, so every instance shares it; PostgreSQL only (H2 has no advisory locks)"));

    private TradeOffNotes() {
    }

    /** The one-line note, or an empty string for a mitigation this table does not know. */
    public static String of(String mitigationId) {
        return NOTES.getOrDefault(mitigationId, "");
    }

    /** Section of {@link #FIGURES_DOC} that discusses every ledger fix's measured costs, paragraph by paragraph. */
    public static final String FIX_BY_FIX_ANCHOR = "#what-the-table-says-fix-by-fix";

    /** Section of {@link #FIGURES_DOC} with the simulated cost of durability settings. */
    public static final String DURABILITY_ANCHOR = "#log-side-the-cost-of-durability-simulated";

    /**
     * Where the measured figures of one mitigation are: the fix-by-fix section of the figures doc (a heading
     * anchor as GitHub renders it), where the paragraph starts with the mitigation's id.
     */
    public static String figuresLink(String mitigationId) {
        return FIGURES_DOC + FIX_BY_FIX_ANCHOR;
    }
}
