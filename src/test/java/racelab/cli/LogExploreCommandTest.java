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

/** log-explore, and log's fault placement by position, through the command line. */
class LogExploreCommandTest {

    private ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theEarliestFailingPositionReplayedWithLogGivesTheSameResult() throws Exception {
        assertThat(run("log-explore", "step-f1-kill-before-commit", "--json")).as(err()).isZero();
        JsonNode sweep = new ObjectMapper().readTree(out());
        int earliest = sweep.get("earliestFailing").asInt();
        assertThat(earliest).isPositive();
        JsonNode position = null;
        for (JsonNode p : sweep.get("positions")) {
            if (p.get("afterEvent").asInt() == earliest) {
                position = p;
            }
        }
        assertThat(run("log", "step-f1-kill-before-commit", "--after", Integer.toString(earliest), "--json")).as(err())
                .isZero();
        JsonNode replay = new ObjectMapper().readTree(out());
        assertThat(replay.get("correct").asBoolean()).isEqualTo(position.get("correct").asBoolean()).isFalse();
        assertThat(replay.get("duplicateEntries")).isEqualTo(position.get("duplicated"));
        assertThat(replay.get("lostEntries")).isEqualTo(position.get("lost"));
    }

    @Test
    void stepsArePrintedNumberedAndTheFaultLandsAfterTheNamedEvent() {
        assertThat(run("log", "step-f1-kill-before-commit", "--after", "5", "--steps")).as(err()).isZero();
        assertThat(out()).contains("step trace: ").containsPattern("(?m)^ +6 .* fault +kill of app-1");
    }

    @Test
    void aPositionPastTheEndIsBadInputWithExitTwo() {
        assertThat(run("log", "step-f1-kill-before-commit", "--after", "999999")).isEqualTo(2);
        assertThat(err()).contains("fault after event 999999 is past the end of the run").doesNotContain("Exception");
        assertThat(out()).isEmpty();
    }

    @Test
    void aPositionPastTheEndInASceneFileIsLocated(@TempDir Path dir) throws Exception {
        String scene = Files.readString(Path.of("scenes/step-f1-kill-before-commit.yaml"))
                .replace("{ at: 3500, kind: kill", "{ after: 99999, kind: kill");
        Path file = dir.resolve("step-f1-kill-before-commit.yaml");
        Files.writeString(file, scene);
        assertThat(run("log", file.toString())).isEqualTo(2);
        assertThat(err()).containsPattern(java.util.regex.Pattern.quote(file.toString()) + ":\\d+:\\d+: fault after event "
                + "99999 is past the end");
    }

    @Test
    void badFaultsAndPositionsAreCliErrors(@TempDir Path dir) throws Exception {
        assertThat(run("log-explore", "step-f1-kill-before-commit", "--fault", "melt:broker-1")).isEqualTo(2);
        assertThat(err()).contains("unknown kind 'melt'");
        assertThat(run("log-explore", "step-f1-kill-before-commit", "--fault", "kill:broker-9")).isEqualTo(2);
        assertThat(err()).contains("broker-9");
        assertThat(run("log", "step-f1-kill-before-commit", "--fault", "kill:toaster")).isEqualTo(2);
        assertThat(err()).contains("unknown target 'toaster'");
        assertThat(run("log", "step-f1-kill-before-commit", "--after", "-1")).isEqualTo(2);
        String both = Files.readString(Path.of("scenes/step-f1-kill-before-commit.yaml"))
                .replace("{ at: 3500, kind: kill", "{ at: 3500, after: 3, kind: kill");
        Path file = dir.resolve("step-f1-kill-before-commit.yaml");
        Files.writeString(file, both);
        assertThat(run("log", file.toString())).isEqualTo(2);
        assertThat(err()).containsPattern(":\\d+:\\d+: a fault is placed either at a time");
    }
}
