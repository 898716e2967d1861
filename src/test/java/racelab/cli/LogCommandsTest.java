package racelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogCommandsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shrinkKeepsOnlyTheFaultsTheLossNeedsAndTakesTheSharedOptions(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // f8 needs all three of its faults; a slow link early on is one the loss does not need.
        String f8 = java.nio.file.Files.readString(java.nio.file.Path.of("scenes/f8-unclean-election.yaml"));
        String padded = f8.replace("faults:\n", "faults:\n  - { at: 5000, kind: slow, target: app-1, durationMs: 1000, "
                + "delayMs: 5 }\n");
        assertThat(padded).isNotEqualTo(f8);
        java.nio.file.Path file = dir.resolve("f8-unclean-election.yaml");
        java.nio.file.Files.writeString(file, padded);
        assertThat(run("shrink", file.toString(), "--seed", "8", "--json")).isZero();
        JsonNode json = new ObjectMapper().readTree(out());
        assertThat(json.get("seed").asLong()).isEqualTo(8);
        assertThat(json.get("minimal").size()).isPositive().isLessThan(json.get("original").size());
        assertThat(json.get("lostEntries").size()).isPositive();
        assertThat(run("shrink", "f8-unclean-election", "--bogus")).isEqualTo(2);
        assertThat(err()).contains("unknown option --bogus");
    }

    @Test
    void logJsonHasTheContractFields() throws Exception {
        assertThat(run("log", "f7-replication-factor-one", "--json")).isZero();
        JsonNode json = new ObjectMapper().readTree(out());
        assertThat(json.get("scene").asText()).isEqualTo("f7-replication-factor-one");
        assertThat(json.get("seed").asLong()).isEqualTo(4);
        assertThat(json.get("settings").get("sim.processor.idempotent").asText()).isEqualTo("true");
        assertThat(json.get("entries").asInt()).isGreaterThan(0);
        assertThat(json.get("conserved").isBoolean()).isTrue();
        assertThat(json.get("lostEntries").size()).isGreaterThan(0);
        assertThat(json.get("duplicateEntries").isArray()).isTrue();
        JsonNode wrong = json.get("wrongAccounts").get(0);
        assertThat(wrong.get("account").asText()).startsWith("acct-");
        assertThat(wrong.get("expected").asLong()).isNotEqualTo(wrong.get("actual").asLong());
        assertThat(wrong.get("causes").toString()).contains("F7");
    }

    @Test
    void setAndSeedOverrideTheScene() throws Exception {
        assertThat(run("log", "f7-replication-factor-one", "--seed", "9", "--set", "replication.factor=3", "--json")).isZero();
        JsonNode json = new ObjectMapper().readTree(out());
        assertThat(json.get("seed").asLong()).isEqualTo(9);
        assertThat(json.get("settings").get("replication.factor").asText()).isEqualTo("3");
        assertThat(json.get("wrongAccounts").size()).isZero();
    }

    @Test
    void textSummaryNamesCausesAndTheFix() {
        assertThat(run("log", "f17-entry-split-across-tasks")).isZero();
        assertThat(out()).contains("conserved NO").contains("F17").contains("fix: {sim.entry.routing=saga}");
    }

    @Test
    void badInputIsAMessageAndExitTwo() {
        assertThat(run("log", "no-such-scene")).isEqualTo(2);
        assertThat(err()).contains("no scene file 'no-such-scene'").contains("f1-alos-double-apply").doesNotContain("Exception");
        err.reset();
        assertThat(run("log", "f1-alos-double-apply", "--set", "acks=7")).isEqualTo(2);
        assertThat(err()).contains("setting 'acks': expected one of");
        err.reset();
        assertThat(run("log", "f1-alos-double-apply", "--set", "colour=red")).isEqualTo(2);
        assertThat(err()).contains("unknown setting 'colour'");
        err.reset();
        assertThat(run("isolate", "f1-alos-double-apply", "--seeds", "5..1")).isEqualTo(2);
        assertThat(err()).contains("--seeds expects A..B");
    }

    @Test
    void isolateJsonReportsTheRemovingKnob() throws Exception {
        assertThat(run("isolate", "f17-entry-split-across-tasks", "--seeds", "1..1", "--json")).isZero();
        JsonNode json = new ObjectMapper().readTree(out());
        assertThat(json.get("removingKnobs").toString()).contains("saga");
        assertThat(json.get("baseline").get("runsWithLoss").asInt()).isEqualTo(1);
    }

    @Test
    void benchPrintsThroughputAndHeap() {
        assertThat(run("log-bench", "--entries", "3000", "--max-heap", "none", "--warmup", "1")).isZero();
        assertThat(out()).contains("entries/s").contains("peak heap").contains("live data").contains("cores")
                .contains("ledger correct").contains("warm-up 1:").contains("run 5:").doesNotContain("run 6:")
                .contains("5 run(s) after 1 warm-up run(s)").containsPattern("JIT (\\d+ ms|unknown)")
                .containsPattern("entries/s wall \\(min \\d+, max \\d+\\)");
    }

    @Test
    void benchMeasuresInAChildJvmWithTheHeapLimitByDefault() {
        assertThat(run("log-bench", "--entries", "2000", "--warmup", "0")).as(err()).isZero();
        String text = out();
        assertThat(text).contains("child JVM with a fixed heap, -Xms256m -Xmx256m").contains("ledger correct");
        java.util.regex.Matcher limit = java.util.regex.Pattern.compile("heap limit (\\d+) MiB").matcher(text);
        assertThat(limit.find()).as(text).isTrue();
        // The child's own limit, not this test JVM's: at most the 256 MiB asked for.
        assertThat(Integer.parseInt(limit.group(1))).isBetween(200, 256);
    }

    @Test
    void benchRejectsABadHeapSizeAsUsage() {
        assertThat(run("log-bench", "--max-heap", "lots")).isEqualTo(2);
        assertThat(err()).contains("--max-heap expects a size such as 256m or 1g, or none, found 'lots'");
        assertThat(run("log-bench", "--warmup", "-1")).isEqualTo(2);
    }
}
