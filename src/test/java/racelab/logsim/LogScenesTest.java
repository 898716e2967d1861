package racelab.logsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.scene.LogScene;
import racelab.logsim.scene.LogSceneLoader;

/** Every shipped log scene shows its loss as written, loses nothing with its fix, and replays identically. */
class LogScenesTest {

    static List<Path> logScenes() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("scenes"))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).filter(p -> {
                try {
                    return Files.readString(p).contains("kind: log");
                } catch (IOException e) {
                    return false;
                }
            }).sorted().collect(Collectors.toList());
        }
    }

    @ParameterizedTest
    @MethodSource("logScenes")
    void lossAppearsWithTheSceneSettingsAndIsExplainedByItsMode(Path file) throws Exception {
        LogScene scene = LogSceneLoader.load(file);
        assertThat(scene.id() + ".yaml").isEqualTo(file.getFileName().toString());
        LogRunResult r = LogSimulation.run(scene, scene.seed(), Map.of());
        switch (scene.expect()) {
            case "lost":
                assertThat(r.lostEntries()).as("lost entries").isNotEmpty();
                break;
            case "duplicated":
                assertThat(r.duplicateEntries()).as("duplicated entries").isNotEmpty();
                break;
            case "conservation":
                assertThat(r.conserved()).as("conserved").isFalse();
                break;
            default:
                throw new AssertionError("scene " + scene.id() + " should expect a loss");
        }
        assertThat(r.wrongAccounts()).isNotEmpty();
        assertThat(r.causes()).as("causes found").contains(scene.modes().get(0));
        assertThat(r.wrongAccounts()).allSatisfy(w -> assertThat(w.causes()).isNotEmpty().doesNotContain("unexplained"));
    }

    /** What the runner supports is checked against the statement in racelab.crosscheck.CrosscheckabilityTest. */
    @ParameterizedTest
    @MethodSource("logScenes")
    void statesWhetherItCanRunOnRealKafkaAndWhy(Path file) throws Exception {
        LogScene scene = LogSceneLoader.load(file);
        assertThat(scene.crosscheck()).as(file + " needs a crosscheck: { checkable: true|false, reason: ... } field "
                + "(docs/log-scenes.md, Scene format)").isNotNull();
    }

    @ParameterizedTest
    @MethodSource("logScenes")
    void theNamedFixRemovesTheLoss(Path file) throws Exception {
        LogScene scene = LogSceneLoader.load(file);
        assertThat(scene.fix()).isNotEmpty();
        LogRunResult r = LogSimulation.run(scene, scene.seed(), scene.fix());
        assertThat(r.wrongAccounts()).as("wrong accounts with " + scene.fix()).isEmpty();
        assertThat(r.lostEntries()).isEmpty();
        assertThat(r.duplicateEntries()).isEmpty();
        assertThat(r.conserved()).isTrue();
        assertThat(r.appliedExactlyOnce()).isEqualTo(r.entries());
    }

    @ParameterizedTest
    @MethodSource("logScenes")
    void sameSeedGivesTheSameResult(Path file) throws Exception {
        LogScene scene = LogSceneLoader.load(file);
        LogRunResult first = LogSimulation.run(scene, scene.seed() + 100, Map.of());
        LogRunResult second = LogSimulation.run(scene, scene.seed() + 100, Map.of());
        assertThat(second).isEqualTo(first);
        assertThat(second.events()).isEqualTo(first.events());
    }
}
