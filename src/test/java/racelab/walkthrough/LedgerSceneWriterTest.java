package racelab.walkthrough;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import racelab.scenario.LedgerScene;
import racelab.scenario.LedgerSceneLoader;
import racelab.scenario.StepRef;

class LedgerSceneWriterTest {

    @TempDir
    Path dir;

    private static List<LedgerScene> shippedLedgerScenes() throws Exception {
        List<LedgerScene> scenes = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("scenes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                if (Files.readString(file).contains("kind: ledger")) {
                    scenes.add(LedgerSceneLoader.load(file));
                }
            }
        }
        return scenes;
    }

    /** A random interleaving that keeps every lane's order (replica steps stay where they fall). */
    private static List<StepRef> shuffle(List<StepRef> schedule, Random random) {
        Map<String, List<StepRef>> lanes = new LinkedHashMap<>();
        for (StepRef step : schedule) {
            lanes.computeIfAbsent(step.lane(), k -> new ArrayList<>()).add(step);
        }
        List<StepRef> result = new ArrayList<>();
        while (lanes.values().stream().anyMatch(l -> !l.isEmpty())) {
            List<List<StepRef>> open = lanes.values().stream().filter(l -> !l.isEmpty()).toList();
            result.add(open.get(random.nextInt(open.size())).remove(0));
        }
        return result;
    }

    private static void assertSame(LedgerScene loaded, LedgerScene written) {
        assertThat(loaded.id()).isEqualTo(written.id());
        assertThat(loaded.title()).isEqualTo(written.title());
        assertThat(loaded.accounts()).isEqualTo(written.accounts());
        assertThat(loaded.groups()).isEqualTo(written.groups());
        assertThat(loaded.transfers()).isEqualTo(written.transfers());
        assertThat(loaded.mitigation()).isEqualTo(written.mitigation());
        assertThat(loaded.schedule()).isEqualTo(written.schedule());
        assertThat(loaded.narration()).isEqualTo(written.narration().strip());
        assertThat(loaded.notes()).isEqualTo(written.notes());
        assertThat(loaded.idempotencyKeys()).isEqualTo(written.idempotencyKeys());
    }

    @Test
    void everyShippedSceneUnderRandomSchedulesAndFixesReloadsIdentically() throws Exception {
        Random random = new Random(7);
        List<LedgerScene> scenes = shippedLedgerScenes();
        assertThat(scenes).hasSizeGreaterThanOrEqualTo(8);
        for (LedgerScene scene : scenes) {
            for (int i = 0; i < 5; i++) {
                String mitigation = LedgerSceneLoader.MITIGATION_IDS.get(
                        random.nextInt(LedgerSceneLoader.MITIGATION_IDS.size()));
                LedgerScene written = LedgerSceneWriter.derive(scene, scene.id() + "-saved-" + i,
                        scene.title() + " (saved)", mitigation, shuffle(scene.schedule(), random),
                        scene.narration());
                Path file = dir.resolve(written.id() + ".yaml");
                LedgerSceneWriter.write(written, file);
                assertSame(LedgerSceneLoader.load(file), written);
            }
        }
    }

    @Test
    void titlesAndNarrationsWithYamlSyntaxQuotesNewlinesAndUnicodeSurviveExactly() throws Exception {
        LedgerScene base = LedgerSceneLoader.load(Path.of("scenes/double-spend.yaml"));
        String[] texts = {"a: b # not a comment", "\"quoted\" and 'single'", "line one\nline two\n\n  indented",
            "- starts like a list", "{ flow: mapping }", "tab\there, backslash \\ and \\n literal", "émoji 💸 ünïcode",
            "control \u0001 char", "yes", "null", "~", "& anchor * alias ! tag % directive @ at ` backtick"};
        for (int i = 0; i < texts.length; i++) {
            LedgerScene written = LedgerSceneWriter.derive(base, "odd-" + i, texts[i], "naive", base.schedule(),
                    texts[i]);
            Path file = dir.resolve("odd-" + i + ".yaml");
            LedgerSceneWriter.write(written, file);
            LedgerScene loaded = LedgerSceneLoader.load(file);
            assertThat(loaded.title()).isEqualTo(texts[i]);
            assertThat(loaded.narration()).isEqualTo(texts[i].strip());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void idsAreKebabCaseFromAnyName() {
        assertThat(LedgerSceneWriter.idFrom("My Race (v2).yaml")).isEqualTo("my-race-v2");
        assertThat(LedgerSceneWriter.idFrom("---.yml")).isEqualTo("my-scene");
        assertThat(LedgerSceneWriter.idFrom("Ünïcode race")).isEqualTo("n-code-race");
    }
}
