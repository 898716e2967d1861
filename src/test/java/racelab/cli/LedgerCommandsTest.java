package racelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LedgerCommandsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int main(String... args) {
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
    void runPrintsOneJsonObjectForASceneId() throws Exception {
        assertThat(main("run", "double-spend", "--json")).isZero();

        JsonNode json = new ObjectMapper().readTree(out());
        assertThat(json.get("scene").asText()).isEqualTo("double-spend");
        assertThat(json.get("mitigation").asText()).isEqualTo("naive");
        assertThat(json.get("verdict").asText()).isEqualTo("violated");
        assertThat(json.get("balances").get("alice").asLong()).isEqualTo(-60);
        assertThat(json.get("anomalies").get(0).get("type").asText()).isEqualTo("CONSTRAINT_VIOLATED");
        JsonNode step = json.get("steps").get(1);
        assertThat(step.get("lane").asText()).isEqualTo("T1");
        assertThat(step.get("phase").asText()).isEqualTo("check");
        assertThat(step.get("sql").get(0).asText()).startsWith("SELECT");
        assertThat(step.get("outcome").asText()).isEqualTo("RAN");
        assertThat(err()).isEmpty();
    }

    @Test
    void runUnderAnotherMitigationFromAPath() throws Exception {
        assertThat(main("run", "scenes/double-spend.yaml", "--mitigation", "for-update", "--json")).isZero();

        JsonNode json = new ObjectMapper().readTree(out());
        assertThat(json.get("verdict").asText()).isEqualTo("safe");
        assertThat(json.get("anomalies")).isEmpty();
        boolean blockedByT1 = false;
        for (JsonNode step : json.get("steps")) {
            blockedByT1 |= step.get("outcome").asText().equals("BLOCKED") && step.get("blockedBy").asText().equals("T1");
        }
        assertThat(blockedByT1).isTrue();
        // The scene's notes are written for naive ("T2 also reads alice = 100 ... This is the race"): false here,
        // where T2's check waits for T1's lock, so no step carries one.
        for (JsonNode step : json.get("steps")) {
            assertThat(step.get("note").isNull()).as(step.toString()).isTrue();
        }
    }

    @Test
    void aScenesNotesShowUnderItsOwnMitigation() throws Exception {
        assertThat(main("run", "double-spend", "--json")).isZero();

        boolean raceNote = false;
        for (JsonNode step : new ObjectMapper().readTree(out()).get("steps")) {
            raceNote |= step.get("note").asText("").contains("This is the race");
        }
        assertThat(raceNote).isTrue();
    }

    @Test
    void runTakesAScheduleAndIdempotencyKeys() throws Exception {
        assertThat(main("run", "double-spend", "--json", "--schedule",
                "T1.begin,T1.check,T1.apply,T1.commit,T2.begin,T2.check,T2.apply,T2.commit")).isZero();
        assertThat(new ObjectMapper().readTree(out()).get("verdict").asText()).isEqualTo("safe");

        out.reset();
        assertThat(main("run", "retry-applied-twice", "--json", "--idempotency-keys", "on")).isZero();
        JsonNode json = new ObjectMapper().readTree(out());
        assertThat(json.get("idempotencyKeys").asBoolean()).isTrue();
        assertThat(json.get("verdict").asText()).isEqualTo("safe");
    }

    @Test
    void textOutputHasTheTraceBalancesAndVerdict() {
        assertThat(main("run", "double-spend")).isZero();

        assertThat(out()).contains("T2.commit", "sql  UPDATE account SET balance = balance - 80 WHERE id = 'alice'",
                "final balances", "alice             -60  non-negative  BROKEN", "CONSTRAINT_VIOLATED",
                "verdict     violated");
    }

    @Test
    void aBrokenSceneIsReportedWithItsLocationAndExitCode2() {
        assertThat(main("run", "sample-data/broken-scene.yaml")).isEqualTo(2);

        assertThat(err()).contains("sample-data/broken-scene.yaml:13:45: expected the amount as a whole number");
        assertThat(err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(out()).isEmpty();
    }

    @Test
    void badArgumentsExitWith2() {
        assertThat(main("run", "double-spend", "--mitigation", "magic")).isEqualTo(2);
        assertThat(err()).contains("unknown mitigation 'magic'");
        err.reset();
        assertThat(main("run", "double-spend", "--schedule", "T1.begin,T2.check")).isEqualTo(2);
        assertThat(err()).contains("--schedule item 2 'T2.check': step T2.check comes before T2.begin");
        err.reset();
        assertThat(main("run", "no-such-scene")).isEqualTo(2);
        assertThat(err()).contains("no scene file 'no-such-scene'");
        err.reset();
        assertThat(main("run")).isEqualTo(2);
        assertThat(err()).contains("missing SCENE");
        err.reset();
        assertThat(main("run", "double-spend", "--fast")).isEqualTo(2);
        assertThat(err()).contains("unknown option --fast");
        err.reset();
        assertThat(main("bench-replay", "double-spend", "--runs", "zero")).isEqualTo(2);
        assertThat(err()).contains("--runs expects a whole number, found 'zero'");
        err.reset();
        assertThat(main("bench-replay", "double-spend", "--runs", "0")).isEqualTo(2);
        assertThat(err()).contains("--runs expects a positive whole number");
    }

    @Test
    void benchReplayReportsTheMedianAndCoreCount() {
        assertThat(main("bench-replay", "double-spend", "--mitigation", "for-update", "--runs", "20")).isZero();

        assertThat(out()).containsPattern("latency +median [0-9.]+ us per complete schedule")
                .contains("cores          " + Runtime.getRuntime().availableProcessors())
                .contains("verdict: safe");
        // Throughput is measured from wall time over the measured runs, not derived from the median latency.
        java.util.regex.Matcher throughput = java.util.regex.Pattern.compile(
                "throughput +([0-9]+) schedules/s from wall time \\(20 runs in ([0-9.]+) s\\)").matcher(out());
        assertThat(throughput.find()).as(out()).isTrue();
        double perSecond = Double.parseDouble(throughput.group(1));
        double wallSeconds = Double.parseDouble(throughput.group(2));
        // The wall time is printed to the millisecond: allow for that rounding (and the rate's own).
        assertThat(perSecond).isBetween(20 / (wallSeconds + 0.0005) - 1, 20 / Math.max(1e-9, wallSeconds - 0.0005) + 1);
        assertThat(out()).doesNotContainPattern("us per complete schedule \\([0-9]+ schedules/s\\)");
    }

    @Test
    void aTrainersOwnSceneRunsFromSampleData() throws Exception {
        assertThat(main("run", "sample-data/trainer-three-withdrawals.yaml", "--json")).isZero();

        JsonNode json = new ObjectMapper().readTree(out());
        assertThat(json.get("scene").asText()).isEqualTo("three-withdrawals");
        assertThat(json.get("balances").get("current").asLong()).isEqualTo(-50);
    }
}
