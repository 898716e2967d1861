package racelab.logsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.scene.LogScene;
import racelab.logsim.scene.LogSceneLoader;

/** A run of a simulated day ends with its budget of events and says so, instead of running for minutes. */
class SimulationBudgetTest {

    @Test
    void aSceneThatWouldRunForADayStopsAtItsEventBudgetAndSaysItDidNotSettle() throws Exception {
        String text = Files.readString(Path.of("scenes/f1-alos-double-apply.yaml"))
                .replaceFirst("(?m)^faults:", "faults:\n  - { at: 86400000, kind: kill, target: broker-2, durationMs: 1 }");
        LogScene scene = LogSceneLoader.parse("day.yaml", text);

        LogRunResult result = LogSimulation.run(scene, scene.seed(), Map.of());

        long budget = LogSimulation.EVENTS_BASE + LogSimulation.EVENTS_PER_ENTRY * result.entries();
        assertThat(result.settled()).isFalse();
        assertThat(result.events()).isEqualTo(budget);
        assertThat(result.simulatedMs()).isLessThan(86_400_000L);
        assertThat(result.budget()).startsWith(String.format("did not settle within %,d events: stopped at %,d of ",
                budget, result.simulatedMs()));
        assertThat(result.trace()).anyMatch(e -> e.kind().equals("budget"));
    }

    @Test
    void aShippedSceneSettlesWellWithinItsBudget() throws Exception {
        LogScene scene = LogSceneLoader.load(Path.of("scenes/f1-alos-double-apply.yaml"));
        LogRunResult result = LogSimulation.run(scene, scene.seed(), Map.of());
        assertThat(result.settled()).isTrue();
        assertThat(result.budget()).isEmpty();
        assertThat(result.events()).isLessThan(LogSimulation.EVENTS_BASE / 4);
    }
}
