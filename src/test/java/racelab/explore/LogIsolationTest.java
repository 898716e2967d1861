package racelab.explore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import racelab.logsim.LogSimulation;
import racelab.logsim.isolate.Isolator;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.scene.Fault;
import racelab.logsim.scene.LogScene;
import racelab.logsim.scene.LogSceneLoader;

/** Isolation by ablation (the simulator's isolator) and by delta debugging (the fault-script shrinker). */
class LogIsolationTest {

    private static LogScene scene(String id) throws Exception {
        return LogSceneLoader.load(Path.of("scenes", id + ".yaml"));
    }

    @Test
    void isolationNamesF1AsTheCauseOfTheAtLeastOnceDoubleApply() throws Exception {
        Isolator.Report report = new Isolator().isolate(scene("f1-alos-double-apply"), 1, 3, Map.of(),
                (done, total, what) -> { }, () -> false);
        assertThat(report.baseline().runsWithLoss()).isPositive();
        assertThat(report.baseline().duplicateEntries()).isPositive();
        assertThat(report.baseline().causes()).contains("F1");
        assertThat(report.removingKnobs()).isNotEmpty();
        for (String knobId : report.removingKnobs()) {
            Isolator.Knob knob = Isolator.KNOBS.stream().filter(k -> k.id().equals(knobId)).findFirst().orElseThrow();
            assertThat(knob.modes()).as(knobId).contains("F1");
        }
        assertThat(report.removingKnobs()).doesNotContain("acks-all", "fsync", "replication");
    }

    @Test
    void shrinkingKeepsOnlyTheFaultsTheLostWriteNeeds() throws Exception {
        // f8 needs all three of its faults; a slow link early on is one the lost write does not need.
        LogScene f8 = scene("f8-unclean-election");
        List<Fault> padded = new ArrayList<>(f8.faults());
        padded.add(0, new Fault(5_000, "slow", List.of("app-1"), null, 1_000, 5, ""));
        LogScene scene = FaultScriptShrinker.withFaults(f8, padded);
        long seed = scene.seed();
        List<int[]> progress = new ArrayList<>();
        FaultScriptShrinker.Result result = FaultScriptShrinker.shrink(scene, seed, Map.of(),
                (simulations, faults) -> progress.add(new int[] {simulations, faults}), new Cancellation());
        assertThat(result.symptom()).isEqualTo(FaultScriptShrinker.Symptom.LOST_WRITE);
        assertThat(result.complete()).isTrue();
        assertThat(result.minimal()).hasSizeLessThan(result.original().size()).isNotEmpty();
        assertThat(result.original()).containsAll(result.minimal());
        assertThat(result.minimalRun().lostEntries()).isNotEmpty();
        assertThat(progress).isNotEmpty();
        // 1-minimal: without any one of the kept faults, nothing is lost any more.
        for (Fault kept : result.minimal()) {
            List<Fault> without = new ArrayList<>(result.minimal());
            without.remove(kept);
            LogRunResult run = LogSimulation.run(FaultScriptShrinker.withFaults(scene, without), seed, Map.of());
            assertThat(run.lostEntries()).as("without " + kept.describe()).isEmpty();
        }
    }

    @Test
    void aScriptThatBreaksNothingCannotBeShrunk() throws Exception {
        assertThatThrownBy(() -> FaultScriptShrinker.shrink(scene("f1-alos-double-apply"), 7,
                Map.of("processing.guarantee", "exactly_once_v2"), FaultScriptShrinker.Listener.NONE, new Cancellation()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("neither loses nor double-applies");
    }
}
