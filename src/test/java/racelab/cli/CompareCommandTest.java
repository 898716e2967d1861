package racelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import racelab.ledger.LedgerEngine;
import racelab.ledger.LedgerRun;
import racelab.ledger.Mitigations;
import racelab.scenario.LedgerScene;
import racelab.scenario.LedgerSceneLoader;

/** {@code compare} against the engine: every shipped ledger scene, every mitigation run alone. */
class CompareCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One line of output: exit code, stdout, stderr. */
    private record Result(int exit, String out, String err) {
    }

    private static Result compare(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = "compare";
        System.arraycopy(args, 0, all, 1, args.length);
        int exit = Main.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Stream<Path> ledgerScenes() throws Exception {
        List<Path> scenes = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("scenes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                if (Files.readString(file).matches("(?s).*\\bkind:\\s*ledger\\b.*")) {
                    scenes.add(file);
                }
            }
        }
        assertThat(scenes).as("shipped ledger scenes").hasSizeGreaterThanOrEqualTo(8);
        return scenes.stream();
    }

    @ParameterizedTest
    @MethodSource("ledgerScenes")
    void everyResultIsWhatTheEngineGivesForThatMitigationAlone(Path file) throws Exception {
        Result result = compare(file.toString(), "--json");
        assertThat(result.exit()).as(result.err()).isZero();
        JsonNode root = JSON.readTree(result.out());
        LedgerScene scene = LedgerSceneLoader.load(file);
        assertThat(root.get("scene").asText()).isEqualTo(scene.id());
        JsonNode results = root.get("results");
        assertThat(results).hasSize(Mitigations.ids().size());
        for (int i = 0; i < results.size(); i++) {
            ObjectNode entry = (ObjectNode) results.get(i).deepCopy();
            String mitigation = entry.get("mitigation").asText();
            assertThat(mitigation).isEqualTo(Mitigations.ids().get(i));
            assertThat(entry.get("cost").get("statements").asInt()).isPositive();
            assertThat(entry.get("outcome").asText()).startsWith(
                    entry.get("verdict").asText().equals("violated") ? "violated" : "");
            entry.remove(List.of("cost", "outcome", "outcomeKind"));

            LedgerRun alone;
            try (LedgerEngine engine = LedgerEngine.open(scene)) {
                alone = engine.run(mitigation, scene.schedule());
            }
            JsonNode expected = JSON.readTree(RunCommand.toJson(alone));
            String what = scene.id() + " / " + mitigation;
            for (String field : List.of("scene", "mitigation", "schedule", "verdict", "initialBalances", "balances",
                    "explanation", "tradeOff", "constraints")) {
                assertThat(entry.get(field)).as(what + ": " + field).isEqualTo(expected.get(field));
            }
            assertThat(entry.get("anomalies")).as(what + ": anomalies").isEqualTo(expected.get("anomalies"));
            // The engine's traces are deterministic (same scene, mitigation and schedule give the same events),
            // so the whole document must match, SQL and sentences included.
            assertThat(entry).as(what + ": the whole run --json document").isEqualTo(expected);
        }
    }

    @Test
    void theTableHasARowPerChosenMitigation() {
        Result result = compare("scenes/double-spend.yaml", "--mitigations", "naive,for-update");
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).containsPattern("(?m)^naive\\s+violated\\s")
                .containsPattern("(?m)^for-update\\s+safe: T2 declined\\s")
                .doesNotContainPattern("(?m)^serializable\\s");
    }

    @Test
    void badInputIsAMessageAndExitTwo() {
        Result unknown = compare("scenes/double-spend.yaml", "--mitigations", "naive,nope");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown mitigation 'nope'").doesNotContain("Exception");
        Result missing = compare("scenes/no-such-scene.yaml");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no scene file 'scenes/no-such-scene.yaml'").contains("double-spend");
        Result byId = compare("double-spend", "--mitigations", "naive");
        assertThat(byId.exit()).isEqualTo(0);
        Result step = compare("scenes/double-spend.yaml", "--step", "99", "--png", "x.png");
        assertThat(step.exit()).isEqualTo(2);
        assertThat(step.err()).contains("--step 99 is past the end");
        Result option = compare("scenes/double-spend.yaml", "--bogus");
        assertThat(option.exit()).isEqualTo(2);
        assertThat(option.err()).contains("unknown option --bogus");
    }

    @Test
    void aLogSceneComparesPresetsWithTheLogCommandsFieldsPerResult() throws Exception {
        Result result = compare("scenes/f5-acks1-leader-failover.yaml", "--presets", "as-written,acks-all", "--json");
        assertThat(result.exit()).as(result.err()).isZero();
        JsonNode root = JSON.readTree(result.out());
        assertThat(root.get("kind").asText()).isEqualTo("log");
        JsonNode results = root.get("results");
        assertThat(results).hasSize(2);
        racelab.logsim.scene.LogScene scene = racelab.logsim.scene.LogSceneLoader.load(
                Path.of("scenes/f5-acks1-leader-failover.yaml"));
        for (JsonNode entry : results) {
            java.util.Map<String, String> overrides = new java.util.LinkedHashMap<>();
            entry.get("overrides").fields().forEachRemaining(f -> overrides.put(f.getKey(), f.getValue().asText()));
            JsonNode alone = JSON.readTree(LogCommand.toJson(racelab.logsim.LogSimulation.run(scene, scene.seed(),
                    overrides)));
            for (String field : List.of("lostEntries", "duplicateEntries", "wrongAccounts", "expectedTotal",
                    "actualTotal", "seed")) {
                assertThat(entry.get(field)).as(entry.get("preset") + ": " + field).isEqualTo(alone.get(field));
            }
            assertThat(entry.get("lost").asInt()).isEqualTo(alone.get("lostEntries").size());
        }
        Result wrong = compare("scenes/f5-acks1-leader-failover.yaml", "--mitigations", "naive");
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.err()).contains("--mitigations and --step are for ledger scenes");
        Result preset = compare("scenes/f5-acks1-leader-failover.yaml", "--presets", "acks-2");
        assertThat(preset.exit()).isEqualTo(2);
        assertThat(preset.err()).contains("unknown preset 'acks-2'");
    }
}
