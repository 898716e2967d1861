package racelab.logsim.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import racelab.cli.Main;
import racelab.logsim.LogSimulation;
import racelab.logsim.config.LogSettings;
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

    /** One command through the real command line ({@code Main.run}), its stdout parsed as JSON. */
    private static JsonNode cli(String... args) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).as(String.join(" ", args) + ": " + err.toString(StandardCharsets.UTF_8)).isZero();
        return JSON.readTree(out.toString(StandardCharsets.UTF_8));
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode position(JsonNode sweep, int afterEvent) {
        for (JsonNode p : sweep.get("positions")) {
            if (p.get("afterEvent").asInt() == afterEvent) {
                return p;
            }
        }
        throw new AssertionError("no position after event " + afterEvent);
    }

    /**
     * Issue 14's "Done means", through the command line: {@code log-explore SCENE --json} finds a failing position
     * without the fix, and {@code log SCENE --after N --json} gives the very same result for the earliest and the
     * shortest failing positions, for the position just before the earliest (which must replay correct: the flip),
     * and for one other, picked by a seeded random.
     */
    @ParameterizedTest
    @MethodSource("stepScenes")
    void withoutTheFixLogExploreFailsSomewhereAndLogAfterReplaysEachPositionAlike(Path file) throws Exception {
        String id = LogSceneLoader.load(file).id();
        JsonNode sweep = cli("log-explore", id, "--json");
        int earliest = sweep.get("earliestFailing").asInt();
        int shortest = sweep.get("shortestFailing").asInt();
        assertThat(earliest).as(id + ": a failing position without the fix").isNotNegative();
        List<Integer> afterEvents = new ArrayList<>();
        sweep.get("positions").forEach(p -> afterEvents.add(p.get("afterEvent").asInt()));
        assertThat(afterEvents).as("positions in trace order").isSorted().doesNotHaveDuplicates().startsWith(0);
        for (int n : afterEvents.subList(0, afterEvents.indexOf(earliest))) {
            assertThat(position(sweep, n).get("correct").asBoolean()).as(id + " after " + n + ", before the earliest")
                    .isTrue();
        }
        Set<Integer> checked = new TreeSet<>(List.of(earliest, shortest));
        int before = afterEvents.indexOf(earliest) - 1;
        if (before >= 0) {
            checked.add(afterEvents.get(before));
        }
        SplittableRandom random = new SplittableRandom(id.hashCode());
        checked.add(afterEvents.get(random.nextInt(afterEvents.size())));
        for (int n : checked) {
            JsonNode p = position(sweep, n);
            JsonNode replay = cli("log", id, "--after", Integer.toString(n), "--json");
            String at = id + " replayed with log --after " + n;
            assertThat(replay.get("correct")).as(at + ": correct").isEqualTo(p.get("correct"));
            assertThat(replay.get("lostEntries")).as(at + ": lost").isEqualTo(p.get("lost"));
            assertThat(replay.get("duplicateEntries")).as(at + ": duplicated").isEqualTo(p.get("duplicated"));
            assertThat(replay.get("wronglyDecided")).as(at + ": wrongly decided").isEqualTo(p.get("wronglyDecided"));
            assertThat(replay.get("causes")).as(at + ": causes").isEqualTo(p.get("causes"));
            assertThat(replay.get("appliedOutputDuplicates")).as(at + ": applied twice")
                    .isEqualTo(p.get("appliedDuplicates"));
            assertThat(replay.get("unprocessedEntries")).as(at + ": unprocessed").isEqualTo(p.get("unprocessed"));
            assertThat(replay.get("unexplained").size()).as(at + ": unexplained").isEqualTo(p.get("unexplained").asInt());
            assertThat(replay.get("events").asLong()).as(at + ": simulator events").isEqualTo(p.get("runEvents").asLong());
        }
        assertThat(position(sweep, earliest).get("correct").asBoolean()).isFalse();
    }

    /**
     * Under the scene's named fix, {@code log-explore SCENE --fixed --json} is clean at every position: no loss, no
     * duplicate (in the balances or on the applied topic), no wrong decision, nothing unprocessed and nothing the
     * run's own audit cannot explain. Issue 14 asks for exactly that; a position that fails is a finding to fix in
     * the simulator or the scene, never a tolerance here.
     */
    @ParameterizedTest
    @MethodSource("stepScenes")
    void withTheFixLogExploreIsCleanAtEveryPosition(Path file) throws Exception {
        LogScene scene = LogSceneLoader.load(file);
        JsonNode sweep = cli("log-explore", scene.id(), "--fixed", "--json");
        assertThat(sweep.get("positions").size()).as(scene.id() + " positions").isGreaterThan(10);
        List<String> unclean = new ArrayList<>();
        for (JsonNode p : sweep.get("positions")) {
            boolean clean = p.get("correct").asBoolean() && p.get("lost").isEmpty() && p.get("duplicated").isEmpty()
                    && p.get("wronglyDecided").isEmpty() && p.get("appliedDuplicates").asInt() == 0
                    && p.get("unprocessed").asInt() == 0 && p.get("unexplained").asInt() == 0
                    && p.get("settled").asBoolean();
            if (!clean) {
                unclean.add("after " + p.get("afterEvent") + ": " + p);
            }
        }
        assertThat(unclean).as(scene.id() + " with its fix " + scene.fix() + " (replay: log " + scene.id()
                + " --fixed --after N --steps)").isEmpty();
        assertThat(sweep.get("earliestFailing").asInt()).isEqualTo(-1);
        assertThat(sweep.get("settings").toString()).as("the sweep ran under the fix")
                .contains(scene.fix().keySet().iterator().next());
    }
}
