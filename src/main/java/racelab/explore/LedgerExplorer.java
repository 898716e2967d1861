package racelab.explore;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
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

    /** Explores one scene under one mitigation. */
    public ExploreResult explore(
            LedgerScene scene,
            String mitigation,
            ExploreOptions options,
            ProgressListener listener,
            Cancellation cancellation) throws Exception {
        Lanes lanes = Lanes.of(scene);
        BigInteger all = lanes.interleavingCount();
        Independence independence = options.prune()
                ? Independence.of(lanes, footprints.model(scene, mitigation))
                : Independence.none(lanes);
        long toExplore = countClasses(lanes, independence, all, options, cancellation);
        long schedules = all.min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();

        Map<Key, ScheduleResult> resultByClass = new HashMap<>();
        Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome, 0L);
        }
        List<ScheduleResult> violating = new ArrayList<>();
        Map<Outcome, ScheduleResult> examples = new EnumMap<>(Outcome.class);
        long explored = 0;
        boolean complete = true;
        try (ScheduleRunner runner = runners.open(scene, mitigation)) {
            InterleavingIterator classes = new InterleavingIterator(lanes, independence);
            while (classes.hasNext()) {
                if (cancellation.isCancelled()) {
                    complete = false;
                    break;
                }
                int[] schedule = classes.next();
                LedgerRun run = runner.run(lanes.toSteps(schedule));
                Outcome outcome = Outcome.of(run);
                explored++;
                outcomes.merge(outcome, 1L, Long::sum);
                ScheduleResult result = result(lanes, schedule, run, outcome);
                resultByClass.put(new Key(schedule), result);
                if (outcome == Outcome.VIOLATED) {
                    violating.add(result);
                }
                ScheduleResult example = examples.get(outcome);
                if (example == null || example.distance() > result.distance()) {
                    examples.put(outcome, result);
                }
                listener.progress(new ExploreProgress(explored, toExplore, outcomes.get(Outcome.VIOLATED)));
            }
        }
        violating.sort((a, b) -> Schedules.compare(lanes, lanes.toIds(a.schedule()), lanes.toIds(b.schedule())));
        boolean exact = options.prune() && complete && all.compareTo(BigInteger.valueOf(options.exactMinimalLimit())) <= 0;
        ScheduleResult minimal = violating.isEmpty() ? null : violating.get(0);
        if (exact && minimal != null) {
            minimal = nearestInViolatingClasses(lanes, independence, resultByClass, minimal, cancellation);
        }
        return new ExploreResult(
                scene.id(),
                mitigation,
                schedules,
                explored,
                schedules - toExplore,
                complete,
                ordered(outcomes),
                violating,
                minimal,
                minimal != null && (exact || !options.prune()),
                examples);
    }

    /** Explores one scene under each mitigation in turn; stops at the first cancelled search. */
    public List<ExploreResult> exploreAll(
            LedgerScene scene,
            List<String> mitigations,
            ExploreOptions options,
            ProgressListener listener,
            Cancellation cancellation) throws Exception {
        List<ExploreResult> results = new ArrayList<>();
        for (String mitigation : mitigations) {
            ExploreResult result = explore(scene, mitigation, options, listener, cancellation);
            results.add(result);
            if (!result.complete()) {
                break;
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
     * The interleaving nearest to serial order among all interleavings whose class was violated; each interleaving
     * is mapped to its class by {@link Independence#canonical}, so no extra runs are needed.
     */
    private static ScheduleResult nearestInViolatingClasses(
            Lanes lanes,
            Independence independence,
            Map<Key, ScheduleResult> resultByClass,
            ScheduleResult fallback,
            Cancellation cancellation) {
        int[] best = null;
        ScheduleResult bestClass = null;
        InterleavingIterator every = new InterleavingIterator(lanes, Independence.none(lanes));
        while (every.hasNext() && !cancellation.isCancelled()) {
            int[] schedule = every.next();
            if (best != null && Schedules.compare(lanes, schedule, best) >= 0) {
                continue;
            }
            ScheduleResult ofClass = resultByClass.get(new Key(independence.canonical(schedule)));
            if (ofClass != null && ofClass.outcome() == Outcome.VIOLATED) {
                best = schedule;
                bestClass = ofClass;
            }
        }
        if (best == null) {
            return fallback;
        }
        return new ScheduleResult(lanes.toSteps(best), Outcome.VIOLATED, Schedules.distance(lanes, best),
                bestClass.finalBalances(), bestClass.anomalies());
    }

    private static ScheduleResult result(Lanes lanes, int[] schedule, LedgerRun run, Outcome outcome) {
        List<String> anomalies = new ArrayList<>();
        for (Anomaly anomaly : run.anomalies()) {
            anomalies.add(anomaly.type() + (anomaly.account() == null ? "" : " " + anomaly.account())
                    + ": " + anomaly.message());
        }
        return new ScheduleResult(lanes.toSteps(schedule), outcome, Schedules.distance(lanes, schedule),
                run.finalBalances(), anomalies);
    }

    private static Map<Outcome, Long> ordered(Map<Outcome, Long> outcomes) {
        Map<Outcome, Long> ordered = new LinkedHashMap<>();
        for (Outcome outcome : Outcome.values()) {
            ordered.put(outcome, outcomes.getOrDefault(outcome, 0L));
        }
        return ordered;
    }

    /** An int array with value equality, to key classes by their canonical schedule. */
    private static final class Key {
        private final int[] ids;

        Key(int[] ids) {
            this.ids = ids;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key && Arrays.equals(ids, ((Key) other).ids);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(ids);
        }
    }
}
