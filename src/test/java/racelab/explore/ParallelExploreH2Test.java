package racelab.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import racelab.scenario.LedgerScene;
import racelab.scenario.LedgerSceneLoader;

/**
 * Several runners on real embedded H2 (each its own database, lane threads and sessions) find exactly what one
 * runner finds, and a cancelled parallel search leaves nothing behind. The full matrix (every scene x mitigation,
 * pruned and not) is compared by {@code docs/explore-outputs.sh}; this is the slice the suite can afford, chosen to
 * cover a race, write skew, H2's own deadlock detection and the lab's cycle breaking, and a phantom.
 */
class ParallelExploreH2Test {

    private static final List<String[]> SLICE = List.of(
            new String[] {"double-spend", "naive"},
            new String[] {"double-spend", "optimistic-version"},
            new String[] {"write-skew", "repeatable-read"},
            new String[] {"opposite-transfers-deadlock", "for-update-unordered"},
            new String[] {"phantom-group-member", "for-update"},
            new String[] {"retry-applied-twice", "serializable"});

    private static LedgerScene scene(String id) throws Exception {
        return LedgerSceneLoader.load(Path.of("scenes/" + id + ".yaml"));
    }

    private static ExploreResult explore(int runners, LedgerScene scene, String mitigation, boolean prune)
            throws Exception {
        return new LedgerExplorer(new LedgerEngineRunners(), new MitigationFootprints(), runners).explore(scene,
                mitigation, ExploreOptions.DEFAULT.withPrune(prune), ProgressListener.NONE, new Cancellation());
    }

    @Test
    void threeRunnersFindWhatOneRunnerFindsOnEverySceneOfTheSlice() throws Exception {
        for (String[] pair : SLICE) {
            LedgerScene scene = scene(pair[0]);
            // Unpruned where the scene is small, so that each runner replays dozens of schedules back to back.
            boolean prune = Lanes.of(scene).interleavingCount().longValueExact() > 2_000;
            ExploreResult one = explore(1, scene, pair[1], prune);
            ExploreResult three = explore(3, scene, pair[1], prune);
            String label = pair[0] + " under " + pair[1];
            assertThat(three.outcomes()).as(label).isEqualTo(one.outcomes());
            assertThat(three.schedulesByOutcome()).as(label).isEqualTo(one.schedulesByOutcome());
            assertThat(three.minimal()).as(label).isEqualTo(one.minimal());
            assertThat(three.examples()).as(label).isEqualTo(one.examples());
            assertThat(three.violating()).as(label).isEqualTo(one.violating());
            assertThat(three.count(Outcome.ENGINE_ERROR)).as(label).isZero();
        }
    }

    @Test
    void aCancelledSearchOnTwoRunnersLeavesNoThreadsAndNoDatabases() throws Exception {
        Set<String> databasesBefore = H2Probe.openLabDatabases();
        long lanesBefore = H2Probe.threadsNamed("ledger-lane-");
        long runnersBefore = H2Probe.threadsNamed("explore-runner-");
        Cancellation cancellation = new Cancellation();
        AtomicReference<Long> lanesDuring = new AtomicReference<>();
        AtomicLong cancelledAt = new AtomicLong();
        ExploreResult result = new LedgerExplorer(new LedgerEngineRunners(), new MitigationFootprints(), 2)
                .explore(scene("double-spend"), "naive", ExploreOptions.DEFAULT.withPrune(false), progress -> {
                    if (progress.explored() == 10) {
                        lanesDuring.set(H2Probe.threadsNamed("ledger-lane-"));
                        cancelledAt.set(progress.explored());
                        cancellation.cancel();
                    }
                }, cancellation);

        assertThat(result.complete()).isFalse();
        assertThat(result.explored()).isGreaterThanOrEqualTo(cancelledAt.get()).isLessThan(70);
        // Two runners of two lanes each were running: the probes below would see them if they were left.
        assertThat(lanesDuring.get()).isEqualTo(lanesBefore + 4);
        assertThat(H2Probe.openLabDatabases()).isEqualTo(databasesBefore);
        assertThat(H2Probe.threadsNamed("ledger-lane-")).isEqualTo(lanesBefore);
        assertThat(H2Probe.threadsNamed("explore-runner-")).isEqualTo(runnersBefore);
    }
}
