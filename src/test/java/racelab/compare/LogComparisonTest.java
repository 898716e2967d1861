package racelab.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import racelab.logsim.LogSimulation;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.scene.LogScene;
import racelab.logsim.scene.LogSceneLoader;

/** Presets side by side on the simulator: same seed and fault script, only the settings differ. */
class LogComparisonTest {

    @Test
    void everyColumnIsTheSimulatorRunWithThatPresetAlone() throws Exception {
        LogScene scene = LogSceneLoader.load(Path.of("scenes/f5-acks1-leader-failover.yaml"));
        LogComparison comparison = LogComparison.run(scene, scene.seed(), List.of(LogPreset.AS_WRITTEN,
                LogPreset.byId("acks-all")));
        for (LogComparison.Column column : comparison.runs()) {
            LogRunResult alone = LogSimulation.run(scene, scene.seed(), column.preset().overrides());
            assertThat(column.result().lostEntries()).isEqualTo(alone.lostEntries());
            assertThat(column.result().duplicateEntries()).isEqualTo(alone.duplicateEntries());
            assertThat(column.result().wrongAccounts()).isEqualTo(alone.wrongAccounts());
        }
        // The scene's own acks=1 loses acknowledged writes in the failover; its fix, acks=all, does not.
        assertThat(comparison.runs().get(0).lost()).isPositive();
        assertThat(comparison.runs().get(0).verdict()).endsWith("lost");
        assertThat(comparison.runs().get(1).result().correct()).isTrue();
        assertThat(comparison.runs().get(1).verdict()).isEqualTo("correct");
    }

    @Test
    void separatePowerDomainsSaveTheReplicasFromOneRackWidePowerCut() throws Exception {
        LogScene scene = LogSceneLoader.load(Path.of("scenes/f9-power-cut-no-fsync.yaml"));
        LogComparison comparison = LogComparison.run(scene, scene.seed(), List.of(LogPreset.AS_WRITTEN,
                LogPreset.byId("power-domains")));
        assertThat(comparison.runs().get(0).lost()).isPositive();
        assertThat(comparison.runs().get(1).result().correct()).isTrue();
        LogScene rewired = comparison.runs().get(1).scene();
        assertThat(rewired.powerDomains()).containsEntry("power-broker-2", List.of("broker-2"))
                .containsEntry("power-broker-3", List.of("broker-3"));
        assertThat(rewired.faults()).isEqualTo(scene.faults());
    }

    @Test
    void aCombinationKafkaRefusesIsAColumnThatSaysWhy() throws Exception {
        LogScene scene = LogSceneLoader.load(Path.of("scenes/f9-power-cut-no-fsync.yaml"));
        LogComparison.Column acks1 = LogComparison.run(scene, scene.seed(), LogPreset.byId("acks1"));
        assertThat(acks1.ran()).isFalse();
        assertThat(acks1.verdict()).isEqualTo("not run");
        assertThat(acks1.refusal()).contains("exactly_once_v2");
        assertThat(LogCompareReport.table(new LogComparison(scene, 2, List.of(acks1)))).contains("not run");
    }

    @Test
    void theSameSeedGivesTheSameColumns() throws Exception {
        LogScene scene = LogSceneLoader.load(Path.of("scenes/f1-alos-double-apply.yaml"));
        LogComparison first = LogComparison.run(scene, 11, List.of(LogPreset.AS_WRITTEN));
        LogComparison second = LogComparison.run(scene, 11, List.of(LogPreset.AS_WRITTEN));
        assertThat(first.runs().get(0).result().duplicateEntries())
                .isEqualTo(second.runs().get(0).result().duplicateEntries());
        assertThat(first.runs().get(0).doubleApplied()).isEqualTo(first.runs().get(0).result().duplicateEntries()
                .size());
        assertThat(LogPreset.defaults()).hasSameSizeAs(LogPreset.ids());
        assertThat(LogPreset.byId("min-isr2").overrides()).isEqualTo(Map.of("acks", "all", "min.insync.replicas", "2",
                "replication.factor", "3"));
    }
}
