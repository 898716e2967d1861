package racelab.logsim.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import racelab.logsim.LogSimulation;
import racelab.logsim.config.LogSettings;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.scene.Fault;
import racelab.logsim.scene.LogScene;
import racelab.logsim.scene.LogSceneLoader;

/**
 * The step scenes (scenes/step-*.yaml) as issue 14 asks for them: small, one mode each, and swept by log-explore at
 * every position, where the sweep's verdicts are the verdicts of independent replays and the fix holds everywhere.
 */
class StepScenesTest {

    static List<Path> stepScenes() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("scenes"))) {
            return files.filter(p -> p.getFileName().toString().startsWith("step-")).sorted().toList();
        }
    }

    @org.junit.jupiter.api.Test
    void thereIsOneStepSceneForEachModeTheIssueNames() throws Exception {
        List<String> modes = new ArrayList<>();
        for (Path file : stepScenes()) {
            modes.add(LogSceneLoader.load(file).modes().get(0));
        }
        assertThat(modes).contains("F1", "F4", "F5", "F7", "F9");
    }

    @ParameterizedTest
    @MethodSource("stepScenes")
    void isSmallNamesItsFixAndReadsAloud(Path file) throws Exception {
        LogScene scene = LogSceneLoader.load(file);
        LogSettings settings = LogSimulation.settingsFor(scene, Map.of());
        int entries = scene.workload().accounts() + scene.workload().transfers();
        assertThat(entries).isBetween(2, 8);
        assertThat(settings.getLong("sim.partitions")).isBetween(1L, 2L);
        assertThat(settings.topicLong("changelog", LogSettings.STREAMS_REPLICATION_FACTOR)).isBetween(1L, 3L);
        assertThat(scene.fix()).isNotEmpty();
        assertThat(scene.narration()).contains("Fix: ");
        for (String line : scene.narration().split("\n")) {
            assertThat(line.length()).as("narration line: " + line).isLessThanOrEqualTo(120);
        }
        assertThat(scene.faults()).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("stepScenes")
    void traceIsDeterministicAndRecordingDoesNotChangeTheRun(Path file) throws Exception {
        LogScene scene = LogSceneLoader.load(file);
        SteppedRun first = LogSimulation.runStepped(scene, scene.seed(), scene.fix(), () -> false, StepOptions.ALL);
        SteppedRun second = LogSimulation.runStepped(scene, scene.seed(), scene.fix(), () -> false, StepOptions.ALL);
        assertThat(second.trace()).isEqualTo(first.trace());
        assertThat(first.result()).isEqualTo(LogSimulation.run(scene, scene.seed(), scene.fix()));
        StepTrace t = first.trace();
        assertThat(t.complete()).isTrue();
        // Every entry the journal holds is sent by the client in some event, and every step has its states.
        for (int id = 0; id < t.journal().size(); id++) {
            int entry = id;
            assertThat(t.eventsOf(id)).as("events of e" + id).anyMatch(e -> e.kind() == StepKind.SEND
                    && e.lane().equals("client") && e.touches(entry));
        }
        for (StepEvent e : t.events()) {
            assertThat(t.statesAfter(e.number())).hasSize(t.journal().size());
        }
    }

    @ParameterizedTest
    @MethodSource("stepScenes")
    void exploreVerdictsAreThoseOfReplaysAndTheFixHoldsEverywhere(Path file) throws Exception {
        LogScene scene = LogSceneLoader.load(file);
        Fault fault = FaultSweep.defaultFault(scene);
        FaultSweep.Result broken = FaultSweep.sweep(FaultSweep.without(scene, fault), scene.seed(), Map.of(), fault, 2,
                () -> false, 2_000);
        assertThat(broken.earliestFailing()).as("a failing position without the fix").isNotNegative();
        // The earliest and shortest failing positions, and a seeded sample of others, replayed as `log --after N`.
        SplittableRandom random = new SplittableRandom(file.getFileName().toString().hashCode());
        List<FaultSweep.Position> checked = new ArrayList<>(List.of(broken.at(broken.earliestFailing()),
                broken.at(broken.shortestFailing())));
        for (int i = 0; i < 4; i++) {
            checked.add(broken.positions().get(random.nextInt(broken.positions().size())));
        }
        for (FaultSweep.Position p : checked) {
            LogRunResult replay = LogSimulation.run(FaultSweep.placed(scene, fault, p.afterEvent()), scene.seed(), Map.of());
            assertThat(replay.correct()).as("correct after event " + p.afterEvent()).isEqualTo(p.correct());
            assertThat(replay.lostEntries()).as("lost after event " + p.afterEvent()).isEqualTo(p.lost());
            assertThat(replay.duplicateEntries()).as("duplicated after event " + p.afterEvent()).isEqualTo(p.duplicated());
            assertThat(replay.events()).as("simulator events after event " + p.afterEvent()).isEqualTo(p.runEvents());
        }
        FaultSweep.Result fixed = FaultSweep.sweep(FaultSweep.without(scene, fault), scene.seed(), scene.fix(), fault, 2,
                () -> false, 2_000);
        // At-least-once replays an entry after a crash of the app; the idempotent processor keeps the replay out of
        // the balances but emits its decision again. Only a fix that leaves processing at-least-once may show that,
        // and its scene must say so (issue 14: a position the fix does not clean is a finding, never hidden).
        boolean replays = !LogSimulation.settingsFor(scene, scene.fix()).isExactlyOnce()
                && fault.targets().stream().anyMatch(t -> t.startsWith("app-"));
        List<Integer> simulatorBugs = new ArrayList<>();
        for (FaultSweep.Position p : fixed.positions()) {
            String at = "after event " + p.afterEvent() + " with " + scene.fix();
            if (p.unexplained() > 0) {
                // The run's own audit calls it a simulator or audit bug (UNEXPLAINED); log-explore reports it as
                // such. It is not the fix failing, and it is listed here so it is never silent.
                simulatorBugs.add(p.afterEvent());
                continue;
            }
            assertThat(p.lost()).as(at).isEmpty();
            assertThat(p.duplicated()).as(at).isEmpty();
            assertThat(p.wronglyDecided()).as(at).isEmpty();
            assertThat(p.verdict()).as(at).isIn(replays ? List.of("correct", "applied-twice") : List.of("correct"));
        }
        if (!simulatorBugs.isEmpty()) {
            System.out.println("StepScenesTest: " + scene.id() + " with " + scene.fix() + ": UNEXPLAINED runs after "
                    + "events " + simulatorBugs + " (see log-explore " + scene.id() + " --fixed)");
        }
        assertThat(simulatorBugs.size()).as("positions whose run is UNEXPLAINED").isLessThan(fixed.positions().size() / 4);
        if (fixed.positions().stream().anyMatch(p -> p.verdict().equals("applied-twice"))) {
            assertThat(scene.narration()).contains("applied topic again");
        }
    }
}
