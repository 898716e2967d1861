package racelab.crosscheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import racelab.logsim.LogSimulation;
import racelab.logsim.scene.CrosscheckStatement;
import racelab.logsim.scene.Fault;
import racelab.logsim.scene.LogScene;
import racelab.logsim.scene.LogSceneLoader;

class CrosscheckabilityTest {

    private static List<LogScene> shippedLogScenes() throws Exception {
        List<LogScene> scenes = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("scenes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                if (Files.readString(file).contains("kind: log")) {
                    scenes.add(LogSceneLoader.load(file));
                }
            }
        }
        return scenes;
    }

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
    void everyShippedLogSceneStatesItsCrossCheckabilityAndTheRunnerSupportsExactlyThat() throws Exception {
        List<LogScene> scenes = shippedLogScenes();
        assertThat(scenes).hasSizeGreaterThanOrEqualTo(14);
        int checkable = 0;
        for (LogScene scene : scenes) {
            CrosscheckStatement stated = scene.crosscheck();
            assertThat(stated).as(scene.file() + " states crosscheck:").isNotNull();
            assertThat(stated.reason()).as(scene.file()).isNotBlank();
            for (Map<String, String> overrides : List.of(Map.<String, String>of(), scene.fix())) {
                Crosscheckability rules = Crosscheckability.rules(scene, LogSimulation.settingsFor(scene, overrides));
                assertThat(rules.checkable()).as(scene.file() + " " + overrides + ": the scene says " + stated.checkable()
                        + ", the runner's rules say: " + rules.reason()).isEqualTo(stated.checkable());
                Crosscheckability shown = Crosscheckability.of(scene, LogSimulation.settingsFor(scene, overrides));
                assertThat(shown).as(scene.file()).isEqualTo(new Crosscheckability(stated.checkable(), stated.reason(),
                        stated.limit(), stated.location()));
            }
            assertThat(stated.location()).startsWith(scene.file() + ":");
            checkable += stated.checkable() ? 1 : 0;
        }
        assertThat(checkable).as("cross-checkable scenes").isBetween(4, scenes.size() - 1);
    }

    @Test
    void everySceneWithABrokerPowerCutIsSimulatedOnlyAndSaysThePageCacheIsWhy() throws Exception {
        int seen = 0;
        for (LogScene scene : shippedLogScenes()) {
            Crosscheckability v = Crosscheckability.of(scene, LogSimulation.settingsFor(scene, Map.of()));
            assertThat(v.reason()).as(scene.file()).isNotBlank();
            boolean brokerPowerCut = scene.faults().stream().filter(f -> f.kind().equals("power-cut"))
                    .anyMatch(f -> (f.domain() != null && !scene.powerDomains().containsKey(f.domain()))
                            || f.targets().stream().anyMatch(t -> !t.startsWith("app-")));
            if (brokerPowerCut) {
                seen++;
                assertThat(v.checkable()).as(scene.file()).isFalse();
                assertThat(v.reason()).contains("page cache");
            }
            boolean network = scene.faults().stream().map(Fault::kind).anyMatch(k -> k.equals("isolate") || k.equals("slow"));
            if (network) {
                assertThat(v.checkable()).as(scene.file()).isFalse();
            }
        }
        assertThat(seen).as("scenes with a broker power cut").isPositive();
    }

    private static final String BASE = String.join("\n",
            "id: t",
            "kind: log",
            "settings: { sim.instances: 2 }",
            "workload: { accounts: 3, transfers: 10 }",
            "faults:",
            "  - { at: 1000, kind: FAULT, target: TARGET }",
            "");

    private static Crosscheckability verdict(String text, Map<String, String> overrides) throws Exception {
        LogScene scene = LogSceneLoader.parse("t.yaml", text);
        return Crosscheckability.of(scene, LogSimulation.settingsFor(scene, overrides));
    }

    @Test
    void aStatementTheRunnerContradictsIsNotBelievedAndSaysWhereItIs() throws Exception {
        String brokerCut = BASE.replace("FAULT", "power-cut").replace("TARGET", "broker-1");
        Crosscheckability claimed = verdict(brokerCut + "crosscheck: { checkable: true, reason: it runs }\n", Map.of());
        assertThat(claimed.checkable()).isFalse();
        assertThat(claimed.reason()).contains("page cache").contains("the scene states at t.yaml:7:13 that it is "
                + "cross-checkable");
        assertThat(claimed.statedAt()).isEqualTo("t.yaml:7:13");

        String appKill = BASE.replace("FAULT", "kill").replace("TARGET", "app-1");
        Crosscheckability withheld = verdict(appKill + "crosscheck: { checkable: false, reason: not measured }\n",
                Map.of());
        assertThat(withheld.checkable()).isFalse();
        assertThat(withheld.reason()).startsWith("not measured (stated at t.yaml:7:13; the runner's rules would run it");

        Crosscheckability agreed = verdict(appKill + "crosscheck: { checkable: true, reason: kill -9, limit: slow }\n",
                Map.of());
        assertThat(agreed).isEqualTo(new Crosscheckability(true, "kill -9", "slow", "t.yaml:7:13"));
        Crosscheckability unstated = verdict(appKill, Map.of());
        assertThat(unstated.checkable()).isTrue();
        assertThat(unstated.statedAt()).isEmpty();
    }

    @Test
    void anOverrideTheRunnerCannotSetWinsOverACheckableStatement() throws Exception {
        String appKill = BASE.replace("FAULT", "kill").replace("TARGET", "app-1")
                + "crosscheck: { checkable: true, reason: kill -9 }\n";
        for (Map<String, String> override : List.of(Map.of("sim.os.dirty.expire.ms", "1000"),
                Map.of("sim.record.bytes", "1024"), Map.of("changelog/cleanup.policy", "delete"),
                Map.of("sim.entry.routing", "legs"))) {
            Crosscheckability v = verdict(appKill, override);
            assertThat(v.checkable()).as(override.toString()).isFalse();
            assertThat(v.reason()).as(override.toString()).contains("t.yaml:7:13");
        }
    }

    @Test
    void aPowerCutOfAnAppOnlyDomainIsNotMistakenForABrokerPowerCut() throws Exception {
        String text = BASE.replace("settings: { sim.instances: 2 }", "settings: { sim.instances: 2, sim.design: hand-made }")
                .replace("  - { at: 1000, kind: FAULT, target: TARGET }", "  - { at: 1000, kind: power-cut, domain: apps }")
                .replace("faults:", "powerDomains: { apps: [app-1] }\nfaults:");
        Crosscheckability v = verdict(text, Map.of());
        assertThat(v.checkable()).isFalse();
        assertThat(v.reason()).doesNotContain("broker").contains("named apps");
    }
}
