package racelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExploreCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void jsonHasTheCountsTheOutcomesAndTheMinimalScheduleAsStepNames() throws Exception {
        assertThat(run("explore", "scenes/double-spend.yaml", "--mitigation", "naive", "--json")).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(json.get("schedules").asLong()).isEqualTo(70);
        assertThat(json.get("pruned").asLong() + json.get("explored").asLong()).isEqualTo(70);
        assertThat(json.get("outcomes").get("violated").asLong()).isPositive();
        assertThat(json.get("minimal").get(0).asText()).matches("T[12]\\.begin");
        assertThat(json.get("minimal")).hasSize(8);
        assertThat(json.get("violating").size()).isEqualTo(json.get("outcomes").get("violated").asInt());
    }

    @Test
    void allMitigationsGiveOneMatrixRowEach() throws Exception {
        assertThat(run("explore", "scenes/double-spend.yaml", "--mitigation", "all", "--json")).isZero();
        JsonNode matrix = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8)).get("matrix");
        // Every mitigation H2 runs; advisory-lock needs PostgreSQL.
        assertThat(matrix).hasSize(racelab.ledger.Mitigations.idsOn(racelab.ledger.H2Backend.INSTANCE).size());
        assertThat(matrix.get(0).get("mitigation").asText()).isEqualTo("naive");
        JsonNode database = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8)).get("database");
        assertThat(database.get("backend").asText()).isEqualTo("h2");
        assertThat(database.get("server").asText()).startsWith("H2 2.");
    }

    @Test
    void aSceneIdWorksLikeItsPathAsInEveryOtherCommand() throws Exception {
        assertThat(run("explore", "double-spend", "--mitigation", "naive", "--json")).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(json.get("schedules").asLong()).isEqualTo(70);
    }

    @Test
    void oneRunnerAndThreeRunnersPrintTheSameDocument() throws Exception {
        assertThat(run("explore", "double-spend", "--mitigation", "naive", "--no-prune", "--json", "--runners", "1"))
                .isZero();
        String one = out.toString(StandardCharsets.UTF_8);
        out.reset();
        assertThat(run("explore", "double-spend", "--mitigation", "naive", "--no-prune", "--json", "--runners", "3"))
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(one);
    }

    @Test
    void aRunnerCountOutsideOneToSixtyFourIsAUsageError() {
        for (String bad : new String[] {"0", "65"}) {
            err.reset();
            assertThat(run("explore-all", "double-spend", "--runners", bad)).as(bad).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("--runners must be between 1 and 64, got " + bad);
        }
        assertThat(run("explore-bench", "--runners", "0")).isEqualTo(2);
        assertThat(run("explore-bench", "--jit-settle-max", "601")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--jit-settle-max must be between 0 and 600, got 601");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void anUnknownMitigationIsAUsageErrorNamingTheChoices() {
        assertThat(run("explore", "scenes/double-spend.yaml", "--mitigation", "hope")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown mitigation 'hope'").contains("for-update");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aBrokenSceneIsReportedWithItsLocationNotAStackTrace(@TempDir Path dir) throws Exception {
        Path scene = dir.resolve("broken.yaml");
        Files.writeString(scene, "id: broken\nkind: ledger\naccounts: [\n");
        assertThat(run("explore", scene.toString(), "--mitigation", "naive")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("broken.yaml:").doesNotContain("Exception");
    }
}
