package racelab.logsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import racelab.logsim.result.ClusterSnapshot;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.result.PartitionSnapshot;
import racelab.logsim.result.ReplicaSnapshot;
import racelab.logsim.result.TraceEvent;
import racelab.logsim.scene.LogScene;
import racelab.logsim.scene.LogSceneLoader;
import racelab.scenario.SceneFormatException;

/** The seed drives timing: fault windows, each broker's OS writeback moments, link delays; the header replays it. */
class SeededTimingTest {

    private static LogScene scene(String at) throws SceneFormatException {
        return scene(at, 120);
    }

    private static LogScene scene(String at, int transfers) throws SceneFormatException {
        return LogSceneLoader.parse("window.yaml", String.join("\n",
                "id: window",
                "kind: log",
                "settings: { replication.factor: 3, min.insync.replicas: 2 }",
                "workload: { accounts: 4, transfers: " + transfers + ", ratePerSecond: 20 }",
                "faults:",
                "  - { at: " + at + ", kind: power-cut, domain: rack, durationMs: 5000 }",
                ""));
    }

    private static long faultTimeMs(LogRunResult r) {
        return r.trace().stream().filter(e -> e.kind().equals("fault")).mapToLong(TraceEvent::timeMs).findFirst()
                .orElseThrow();
    }

    @Test
    void twoSeedsPickDifferentMomentsInsideAWindowAndOneSeedAlwaysTheSame() throws Exception {
        LogScene scene = scene("\"4000..14000\"");
        assertThat(scene.faults().get(0).isWindow()).isTrue();
        Set<Long> times = new HashSet<>();
        for (long seed = 1; seed <= 5; seed++) {
            long at = faultTimeMs(LogSimulation.run(scene, seed, Map.of()));
            assertThat(at).isBetween(4000L, 14000L);
            times.add(at);
        }
        assertThat(times).hasSizeGreaterThan(2);
        assertThat(LogSimulation.run(scene, 3, Map.of())).isEqualTo(LogSimulation.run(scene, 3, Map.of()));
        assertThat(faultTimeMs(LogSimulation.run(scene("9000"), 1, Map.of()))).isEqualTo(9000);
        assertThat(faultTimeMs(LogSimulation.run(scene("9000"), 2, Map.of()))).isEqualTo(9000);
    }

    @Test
    void aBadWindowIsALocatedError() {
        for (String bad : new String[] {"\"14000..4000\"", "\"4000..x\"", "\"4000..99999999999999999\""}) {
            try {
                scene(bad);
                throw new AssertionError("accepted " + bad);
            } catch (SceneFormatException e) {
                assertThat(e.getMessage()).startsWith("window.yaml:6:").contains("expected at");
            }
        }
    }

    /** Per broker, how far the OS had written the journal back just before the power cut. */
    private static Set<Long> flushedAtCut(LogRunResult r) {
        ClusterSnapshot before = r.snapshots().get(0);
        Set<Long> flushed = new HashSet<>();
        for (PartitionSnapshot p : before.partitions()) {
            if (p.partition().equals("journal-0")) {
                for (ReplicaSnapshot replica : p.replicas()) {
                    flushed.add(replica.flushedOffset());
                }
            }
        }
        return flushed;
    }

    @Test
    void brokersWriteBackAtTheirOwnSeededMoments() throws Exception {
        // dirty pages are written back once older than 30 s: cut after 41 s of load
        LogScene scene = scene("42000", 820);
        int differing = 0;
        Set<Set<Long>> patterns = new HashSet<>();
        for (long seed = 1; seed <= 3; seed++) {
            Set<Long> flushed = flushedAtCut(LogSimulation.run(scene, seed, Map.of()));
            if (flushed.size() > 1) {
                differing++;
            }
            patterns.add(flushed);
        }
        assertThat(differing).as("replicas of one partition flushed to different offsets at the cut").isPositive();
        assertThat(patterns).hasSizeGreaterThan(1);
    }

    @Test
    void linkDelaysVaryWithTheSeedAndZeroJitterRestoresTheFixedDelay() throws Exception {
        LogScene scene = scene("9000");
        Set<Long> events = new HashSet<>();
        for (int repeat = 0; repeat < 2; repeat++) {
            events.add(LogSimulation.run(scene, 7, Map.of("sim.network.jitter.ms", "0")).events());
            events.add(LogSimulation.run(scene, 7, Map.of("sim.network.jitter.ms", "5")).events());
        }
        assertThat(events).as("same seed, same run; jitter changes the timeline").hasSize(2);
    }
}
