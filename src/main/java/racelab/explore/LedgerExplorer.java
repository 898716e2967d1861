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
 * <p>The search runs on the caller's thread with one {@link ScheduleRunner} (one database, reset between runs),
 * reports progress after every run and stops before the next run once cancelled. The runner is always closed, so
 * a finished, failed or cancelled search leaves no lane threads and no sessions behind.
 */
public final class LedgerExplorer {

    private final ScheduleRunnerFactory runners;
    private final FootprintCatalog footprints;

    /**
     * @param runners opens the database runner for a scene and mitigation
     * @param footprints gives each mitigation's step footprints, the base of pruning
     */
    public LedgerExplorer(ScheduleRunnerFactory runners, FootprintCatalog footprints) {
        this.runners = runners;
        this.footprints = footprints;
    }

    /** Explores one scene under one mitigation, on a runner of its own that is closed at the end. */
    public ExploreResult explore(
            LedgerScene scene,
            String mitigation,
            ExploreOptions options,
            ProgressListener listener,
            Cancellation cancellation) throws Exception {
        try (ScheduleRunner runner = openRunner(scene)) {
            return explore(runner, scene, mitigation, options, listener, cancellation);
        }
    }

    /**
     * A runner for long searches on one scene: a run whose database fails is replayed once on a fresh runner (see
     * {@link FreshRunnerOnFailure}); the caller closes it.
     */
    public ScheduleRunner openRunner(LedgerScene scene) throws Exception {
        return new FreshRunnerOnFailure(runners, scene);
    }

    /**
     * Explores one scene under one mitigation on an already open runner, which stays open (the caller closes it);
     * lets a benchmark or an explore-all reuse one database for many searches.
     */
    public ExploreResult explore(
            ScheduleRunner runner,
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
        long explored = 0;
        boolean complete = true;
        InterleavingIterator classes = new InterleavingIterator(lanes, enumeration);
        while (classes.hasNext()) {
            if (cancellation.isCancelled()) {
                complete = false;
                break;
            }
            int[] schedule = classes.next();
            ScheduleResult scheduleResult;
            try {
                LedgerRun run = runner.run(mitigation, lanes.toSteps(schedule));
                scheduleResult = result(lanes, independence, schedule, run, Outcome.of(run));
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception engineFailure) {
                // One bad run must not cost the results found so far: record it as unverified and go on.
                scheduleResult = new ScheduleResult(lanes.toSteps(schedule), Outcome.ENGINE_ERROR,
                        Schedules.distance(lanes, independence, schedule), Map.of(),
                        List.of("ENGINE_ERROR: the database failed while replaying this schedule, so its outcome is "
                                + "unknown: " + engineFailure.getMessage()));
            }
            Outcome outcome = scheduleResult.outcome();
            explored++;
            outcomes.merge(outcome, 1L, Long::sum);
            resultOf.put(schedule, scheduleResult);
            if (outcome == Outcome.VIOLATED) {
                violatingIds.add(schedule);
            }
            int[] example = exampleIds.get(outcome);
            if (example == null || Schedules.compare(lanes, independence, schedule, example) < 0) {
                exampleIds.put(outcome, schedule);
            }
            listener.progress(new ExploreProgress(explored, toExplore, outcomes.getOrDefault(Outcome.VIOLATED, 0L)));
        }
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
                explored,
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
        try (ScheduleRunner runner = openRunner(scene)) {
            for (String mitigation : mitigations) {
                ExploreResult result = explore(runner, scene, mitigation, options, listener, cancellation);
                results.add(result);
                if (!result.complete()) {
                    break;
                }
            }
        }
        return results;
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
