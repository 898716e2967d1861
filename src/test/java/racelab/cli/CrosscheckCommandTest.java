package racelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

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
    }

    @Test
    void aPowerCutSceneIsRefusedWithTheReasonAndExitTwoWithoutStartingKafka() {
        assertThat(run("crosscheck", "f9-power-cut-no-fsync", "--runs", "1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("simulated only").contains("page cache")
                .doesNotContain("Exception");
        assertThat(ProcessHandle.current().descendants().count()).isZero();
    }

    @Test
    void badRunCountsAndMissingScenesAreUsageErrors() {
        assertThat(run("crosscheck", "f1-alos-double-apply", "--runs", "0")).isEqualTo(2);
        assertThat(run("crosscheck")).isEqualTo(2);
        assertThat(run("crosscheck", "no-such-scene")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("Exception");
    }
}
