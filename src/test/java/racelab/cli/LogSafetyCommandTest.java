package racelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogSafetyCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void jsonReportsRunsLostDuplicatedWrongAndTime() throws Exception {
        int code = run("log-safety", "--seeds", "3..5", "--json");
        JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(json.get("runs").asInt()).isEqualTo(3);
        for (String field : new String[] {"runsWrong", "lost", "duplicated", "wrongAccounts", "elapsedMs", "failures"}) {
            assertThat(json.has(field)).as(field).isTrue();
        }
        assertThat(code).isEqualTo(json.get("runsWrong").asInt() == 0 && json.get("errors").asInt() == 0 ? 0 : 1);
    }

    @Test
    void badInputIsAMessageAndExitTwo() {
        assertThat(run("log-safety", "--seeds", "9..1")).isEqualTo(2);
        assertThat(run("log-safety", "some-scene")).isEqualTo(2);
        assertThat(run("log-safety", "--set", "acks=7")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--seeds expects A..B").contains("unexpected argument 'some-scene'")
                .contains("acks");
    }

    @Test
    void theHeaderClaimsEverySafetySettingOnlyWhenNothingIsOverridden() {
        run("log-safety", "--seeds", "1..2");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("every safety setting on");
        out.reset();
        run("log-safety", "--seeds", "1..2", "--set", "eligible.leader.replicas.version=0");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("every safety setting on")
                .contains("overrides {eligible.leader.replicas.version=0}");
    }
}
