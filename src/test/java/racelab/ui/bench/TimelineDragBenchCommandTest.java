package racelab.ui.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code bench-timeline}: its figures come out for a real step scene, and bad input is a usage error (exit 2). */
class TimelineDragBenchCommandTest extends racelab.ui.FxCommandTestBase {

    @Test
    void aDropOnARealStepSceneReportsEveryPartOfDragToScreenWithTheLoad() {
        int code = run("bench-timeline", "scenes/step-f1-kill-before-commit.yaml", "--moves", "2", "--warmup", "0",
                "--steps", "2");

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(text).contains("bench-timeline step-f1-kill-before-commit: 2 drops")
                .contains("engine re-run").contains("scene-graph update").contains("CSS + layout")
                .contains("software render").contains("replay step").contains("load average").contains("cores");
        double total = figure(text, "drag-to-screen \\(drop to rendered frame\\): median ([0-9.]+) ms");
        double engine = figure(text, "engine re-run \\(recorded, on the page's run thread\\): median ([0-9.]+) ms");
        double render = figure(text, "software render of the window: median ([0-9.]+) ms");
        assertThat(engine).isPositive();
        assertThat(render).isPositive();
        // The whole includes its parts (each a median over the same drops, so compare with the two largest).
        assertThat(total).isGreaterThanOrEqualTo(Math.max(engine, render));
    }

    @Test
    void aSceneThatDoesNotOpenOnTheTimelineIsAUsageError() {
        assertThat(run("bench-timeline", "scenes/double-spend.yaml", "--moves", "1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("needs a log step scene");
        err.reset();
        assertThat(run("bench-timeline", "scenes/f9-power-cut-no-fsync.yaml", "--moves", "1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("needs a log step scene");
    }

    @Test
    void countsOutOfRangeAreUsageErrors() {
        assertThat(run("bench-timeline", "--moves", "0")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--moves 1..1000");
        err.reset();
        assertThat(run("bench-timeline", "--width", "100")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--width");
    }

    private static double figure(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as(regex + " in\n" + text).isTrue();
        return Double.parseDouble(matcher.group(1));
    }
}
