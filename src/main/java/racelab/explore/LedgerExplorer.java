package racelab.explore;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import racelab.check.Anomaly;
import racelab.ledger.LedgerRun;
import racelab.scenario.LedgerScene;

/**
 * Runs every interleaving of a ledger scene's lanes (one per equivalence class when pruning) on the real
 * database and classifies the outcomes.
 *
 * <p>The search replays schedules on a {@link RunnerPool}: by default as many runners as the backend can run
 * side by side ({@link ScheduleRunnerFactory#parallelism()}: one per core on embedded H2, each its own database
 * and lane threads), schedule {@code k} of the enumeration on runner {@code k mod N}, results merged on the caller's
 * thread in enumeration order, so counts, counterexamples and progress are the same whatever N is. Progress is
 * reported after every merged run; once cancelled, no runner starts another run. The pool is always closed, so a
 * finished, failed or cancelled search leaves no lane threads and no sessions behind.
 */
public final class LedgerExplorer {

    /**
     * A runner is worth opening only for at least this many schedules: opening a database with its lane threads
     * costs about as much as replaying a few dozen schedules.
     */
    static final long MIN_SCHEDULES_PER_RUNNER = 32;

    private final ScheduleRunnerFactory runners;
    private final FootprintCatalog footprints;
    private final int runnerCount;

    /**
     * An explorer with as many runners as the factory can run side by side ({@link ScheduleRunnerFactory#parallelism}).
     *
     * @param runners opens the database runner for a scene and mitigation
     * @param footprints gives each mitigation's step footprints, the base of pruning
     */
    public LedgerExplorer(ScheduleRunnerFactory runners, FootprintCatalog footprints) {
        this(runners, footprints, runners.parallelism());
    }

    /** An explorer that replays schedules on {@code runnerCount} runners at a time (1: one after another). */
    public LedgerExplorer(ScheduleRunnerFactory runners, FootprintCatalog footprints, int runnerCount) {
        if (runnerCount < 1) {
            throw new IllegalArgumentException("runner count must be at least 1, got " + runnerCount);
        }
        this.runners = runners;
        this.footprints = footprints;
        this.runnerCount = runnerCount;
    }

    /** How many runners a search uses at most. */
    public int runnerCount() {
        return runnerCount;
    }

    /** Explores one scene under one mitigation, on a runner of its own that is closed at the end. */
    public ExploreResult explore(
            LedgerScene scene,
            String mitigation,
            ExploreOptions options,
            ProgressListener listener,
            Cancellation cancellation) throws Exception {
        try (RunnerPool pool = openRunners(scene)) {
            return explore(pool, scene, mitigation, options, listener, cancellation);
        }
    }

    /**
     * The runners for long searches on one scene ({@link #runnerCount()} of them, opened as needed): on each, a run
     * whose database fails is replayed once on a fresh database (see {@link FreshRunnerOnFailure}); the caller
     * closes the pool.
     */
    public RunnerPool openRunners(LedgerScene scene) throws Exception {
        return new RunnerPool(runners, scene, runnerCount);
    }

    /**
     * Explores one scene under one mitigation on already open runners, which stay open (the caller closes them);
     * lets a benchmark or an explore-all reuse the databases for many searches.
     */
    public ExploreResult explore(
            RunnerPool pool,
            LedgerScene scene,
            String mitigation,
            ExploreOptions options,
            ProgressListener listener,
            Cancellation cancellation) throws Exception {
        Lanes lanes = Lanes.of(scene);
        BigInteger all = lanes.interleavingCount();
        // The footprint relation always defines classes, distances and normal forms, so a search without pruning
        // reports the same minimal counterexample as one with it; pruning only decides which schedules run.
        Independence independence = Independence.of(lanes, footprints.model(scene, mitigation));
        Independence enumeration = options.prune() ? independence : Independence.none(lanes);
        long toExplore = countClasses(lanes, enumeration, all, options, cancellation);
        long schedules = all.min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();

        Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
        List<int[]> violatingIds = new ArrayList<>();
        // Keyed by identity: the very arrays the iterator yielded.
        Map<int[], ScheduleResult> resultOf = new java.util.IdentityHashMap<>();
        Map<Outcome, int[]> exampleIds = new EnumMap<>(Outcome.class);
        long[] explored = {0};
        InterleavingIterator classes = new InterleavingIterator(lanes, enumeration);
        boolean complete = pool.runEach(classes, toExplore, MIN_SCHEDULES_PER_RUNNER,
                (runner, schedule) -> runOne(runner, lanes, independence, mitigation, schedule),
                (schedule, scheduleResult) -> {
                    Outcome outcome = scheduleResult.outcome();
                    explored[0]++;
                    outcomes.merge(outcome, 1L, Long::sum);
                    resultOf.put(schedule, scheduleResult);
                    if (outcome == Outcome.VIOLATED) {
                        violatingIds.add(schedule);
                    }
                    int[] example = exampleIds.get(outcome);
                    if (example == null || Schedules.compare(lanes, independence, schedule, example) < 0) {
                        exampleIds.put(outcome, schedule);
                    }
                    listener.progress(new ExploreProgress(explored[0], toExplore,
                            outcomes.getOrDefault(Outcome.VIOLATED, 0L)));
                }, cancellation);
        Map<Outcome, Long> bySchedule = complete && options.prune()
                ? countEverySchedule(lanes, independence, resultOf, options, cancellation)
                : null;
        violatingIds.sort((a, b) -> Schedules.compare(lanes, independence, a, b));
        List<ScheduleResult> violating = new ArrayList<>();
        violatingIds.forEach(ids -> violating.add(resultOf.get(ids)));
        Map<Outcome, ScheduleResult> examples = new LinkedHashMap<>();
        for (Outcome outcome : Outcome.values()) {
            int[] ids = exampleIds.get(outcome);
            if (ids != null) {
                examples.put(outcome, inNormalForm(lanes, independence, resultOf.get(ids)));
            }
        }
        return new ExploreResult(
                scene.id(),
                mitigation,
                schedules,
                explored[0],
                schedules - toExplore,
                complete,
                ordered(outcomes),
                bySchedule == null ? (complete ? ordered(outcomes) : Map.of()) : ordered(bySchedule),
                violating,
                examples.get(Outcome.VIOLATED),
                examples);
    }

    /**
     * Explores one scene under each mitigation in turn, on one database; stops after the first cancelled search.
     * The listener sees each search's progress from zero.
     */
    public List<ExploreResult> exploreAll(
            LedgerScene scene,
            List<String> mitigations,
            ExploreOptions options,
            ProgressListener listener,
            Cancellation cancellation) throws Exception {
        List<ExploreResult> results = new ArrayList<>();
        try (RunnerPool pool = openRunners(scene)) {
            for (String mitigation : mitigations) {
                ExploreResult result = explore(pool, scene, mitigation, options, listener, cancellation);
                results.add(result);
                if (!result.complete()) {
                    break;
                }
            }
        }
        return results;
    }

    /** One schedule on one runner; a run the database fails is an outcome (unverified), not the end of the search. */
    private static ScheduleResult runOne(ScheduleRunner runner, Lanes lanes, Independence independence,
                                         String mitigation, int[] schedule) throws InterruptedException {
        try {
            LedgerRun run = runner.run(mitigation, lanes.toSteps(schedule));
            return result(lanes, independence, schedule, run, Outcome.of(run));
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception engineFailure) {
            // One bad run must not cost the results found so far: record it as unverified and go on.
            return new ScheduleResult(lanes.toSteps(schedule), Outcome.ENGINE_ERROR,
                    Schedules.distance(lanes, independence, schedule), Map.of(),
                    List.of("ENGINE_ERROR: the database failed while replaying this schedule, so its outcome is "
                            + "unknown: " + engineFailure.getMessage()));
        }
    }

    private static long countClasses(
            Lanes lanes, Independence independence, BigInteger all, ExploreOptions options, Cancellation cancellation) {
        if (all.compareTo(BigInteger.valueOf(options.runsMax())) <= 0) {
            return InterleavingIterator.count(lanes, independence);
        }
        // Counting classes of a huge scene costs as much as enumerating them; refuse rather than hang.
        InterleavingIterator iterator = new InterleavingIterator(lanes, independence);
        long count = 0;
        while (iterator.hasNext() && !cancellation.isCancelled()) {
            iterator.next();
            if (++count > options.runsMax()) {
                throw new IllegalArgumentException("scene has more than " + options.runsMax()
                        + " schedules to run even after pruning; split it into fewer or shorter lanes");
            }
        }
        return count;
    }

    /**
     * Outcomes over every interleaving, each counted with the outcome of the class it belongs to (found with
     * {@link Independence#canonical}, no extra runs), so the counts do not depend on pruning; null when the scene has
     * too many interleavings to enumerate cheaply or the search was cancelled meanwhile.
     */
    private static Map<Outcome, Long> countEverySchedule(
            Lanes lanes,
            Independence independence,
            Map<int[], ScheduleResult> resultOf,
            ExploreOptions options,
            Cancellation cancellation) {
        if (lanes.interleavingCount().compareTo(BigInteger.valueOf(options.enumerateMax())) > 0) {
            return null;
        }
        Map<String, Outcome> outcomeByClass = new HashMap<>();
        resultOf.forEach((ids, result) -> outcomeByClass.put(key(ids), result.outcome()));
        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        InterleavingIterator every = new InterleavingIterator(lanes, Independence.none(lanes));
        while (every.hasNext()) {
            if (cancellation.isCancelled()) {
                return null;
            }
            Outcome outcome = outcomeByClass.get(key(independence.canonical(every.next())));
            counts.merge(outcome, 1L, Long::sum);
        }
        return counts;
    }

    /** Step ids as a string, one char each, for hashing schedules by value. */
    private static String key(int[] ids) {
        char[] chars = new char[ids.length];
        for (int i = 0; i < ids.length; i++) {
            chars[i] = (char) ids[i];
        }
        return new String(chars);
    }

    /** The same result, its schedule replaced by the Foata normal form of its class. */
    private static ScheduleResult inNormalForm(Lanes lanes, Independence independence, ScheduleResult result) {
        int[] normal = independence.foata(lanes.toIds(result.schedule()));
        return new ScheduleResult(lanes.toSteps(normal), result.outcome(), result.distance(), result.finalBalances(),
                result.anomalies());
    }

    private static ScheduleResult result(
            Lanes lanes, Independence independence, int[] schedule, LedgerRun run, Outcome outcome) {
        List<String> anomalies = new ArrayList<>();
        for (Anomaly anomaly : run.anomalies()) {
            anomalies.add(anomaly.type() + (anomaly.account() == null ? "" : " " + anomaly.account())
                    + (anomaly.literature() == null ? "" : " [" + anomaly.literature() + "]") + ": " + anomaly.message());
        }
        return new ScheduleResult(lanes.toSteps(schedule), outcome, Schedules.distance(lanes, independence, schedule),
                run.finalBalances(), anomalies);
    }

    private static Map<Outcome, Long> ordered(Map<Outcome, Long> outcomes) {
        // Every outcome is listed, zero or not, worst first, so tables and JSON always have the same columns.
        Map<Outcome, Long> ordered = new LinkedHashMap<>();
        for (Outcome outcome : Outcome.values()) {
            ordered.put(outcome, outcomes.getOrDefault(outcome, 0L));
        }
        return ordered;
    }
}
