package racelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The crosscheck command's input handling; the real runs themselves are tested in racelab.crosscheck. */
class CrosscheckCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void listSaysForEveryLogSceneWhetherItIsCrossCheckable() {
        assertThat(run("crosscheck", "--list")).isZero();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).containsPattern("f1-alos-double-apply +cross-checkable");
        assertThat(text).containsPattern("f9-power-cut-no-fsync +simulated only: .*page cache");
        assertThat(text).doesNotContain("cannot load");
        assertThat(text).contains("(stated at scenes/f1-alos-double-apply.yaml:")
                .containsPattern("\\n +limit: timing-dependent on real Kafka: the zombie")
                .doesNotContain("the scene states nothing");
    }

    @Test
    void aSceneThatClaimsARealRunTheRunnerCannotDoIsRefusedAtItsStatement(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("claims.yaml");
        Files.writeString(file, String.join("\n", "id: claims", "kind: log",
                "faults: [ { at: 1000, kind: power-cut, target: broker-1 } ]",
                "crosscheck: { checkable: true, reason: it runs }", ""));
        assertThat(run("crosscheck", file.toString(), "--runs", "1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("page cache")
                .contains(file + ":4:13 that it is cross-checkable").doesNotContain("Exception");
        assertThat(racelab.testsupport.KafkaChildren.describeAlive()).isEmpty();
    }

    @Test
    void aPowerCutSceneIsRefusedWithTheReasonAndExitTwoWithoutStartingKafka() {
        assertThat(run("crosscheck", "f9-power-cut-no-fsync", "--runs", "1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("simulated only").contains("page cache")
                .doesNotContain("Exception");
        assertThat(racelab.testsupport.KafkaChildren.describeAlive()).isEmpty();
    }

    @Test
    void badRunCountsAndMissingScenesAreUsageErrors() {
        assertThat(run("crosscheck", "f1-alos-double-apply", "--runs", "0")).isEqualTo(2);
        assertThat(run("crosscheck")).isEqualTo(2);
        assertThat(run("crosscheck", "no-such-scene")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("Exception");
    }
}
