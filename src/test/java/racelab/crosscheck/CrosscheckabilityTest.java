package racelab.crosscheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import racelab.logsim.LogSimulation;
import racelab.logsim.scene.Fault;
import racelab.logsim.scene.LogScene;
import racelab.logsim.scene.LogSceneLoader;

class CrosscheckabilityTest {

    @Test
    void theFourModesOfIssue17AreCrossCheckable() throws Exception {
        for (String id : List.of("f1-alos-double-apply", "f4-auto-commit-before-durable", "f5-acks1-leader-failover",
                "f14-zombie-alos")) {
            LogScene scene = LogSceneLoader.load(Path.of("scenes/" + id + ".yaml"));
            Crosscheckability v = Crosscheckability.of(scene, LogSimulation.settingsFor(scene, Map.of()));
            assertThat(v.checkable()).as(id + ": " + v.reason()).isTrue();
            assertThat(Crosscheckability.of(scene, LogSimulation.settingsFor(scene, scene.fix())).checkable())
                    .as(id + " with its fix").isTrue();
        }
    }

    @Test
    void everySceneWithABrokerPowerCutIsSimulatedOnlyAndSaysThePageCacheIsWhy() throws Exception {
        int seen = 0;
        try (Stream<Path> files = Files.list(Path.of("scenes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                if (!Files.readString(file).contains("kind: log")) {
                    continue;
                }
                LogScene scene = LogSceneLoader.load(file);
                Crosscheckability v = Crosscheckability.of(scene, LogSimulation.settingsFor(scene, Map.of()));
                assertThat(v.reason()).as(file.toString()).isNotBlank();
                boolean brokerPowerCut = scene.faults().stream().filter(f -> f.kind().equals("power-cut"))
                        .anyMatch(f -> f.domain() != null || f.targets().stream().anyMatch(t -> !t.startsWith("app-")));
                if (brokerPowerCut) {
                    seen++;
                    assertThat(v.checkable()).as(file.toString()).isFalse();
                    assertThat(v.reason()).contains("page cache");
                }
                boolean network = scene.faults().stream().map(Fault::kind).anyMatch(k -> k.equals("isolate") || k.equals("slow"));
                if (network) {
                    assertThat(v.checkable()).as(file.toString()).isFalse();
                }
            }
        }
        assertThat(seen).as("scenes with a broker power cut").isPositive();
    }
}
