package racelab.logsim.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import racelab.logsim.LogSimulation;
import racelab.logsim.config.SettingException;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.scene.Fault;
import racelab.logsim.scene.LogScene;
import racelab.logsim.scene.LogSceneLoader;

/** The step trace is read from the simulator without changing its course, and faults placed by position land there. */
class StepTraceTest {

    private static final Path F9 = Path.of("scenes/step-f9-power-cut.yaml");

    private static LogScene withFaults(LogScene s, List<Fault> faults) {
        return new LogScene(s.id(), s.file(), s.title(), s.seed(), s.settings(), s.fix(), s.modes(), s.expect(),
                s.workload(), faults, s.powerDomains(), s.durationMs(), s.narration());
    }

    @Test
    void recordingChangesNothingAndTwoRecordingsAreEqual() throws Exception {
        LogScene scene = LogSceneLoader.load(F9);
        LogRunResult plain = LogSimulation.run(scene, scene.seed(), Map.of());
        SteppedRun first = LogSimulation.runStepped(scene, scene.seed(), Map.of(), () -> false, StepOptions.ALL);
        SteppedRun second = LogSimulation.runStepped(scene, scene.seed(), Map.of(), () -> false, StepOptions.ALL);
        assertThat(first.result()).isEqualTo(plain);
        assertThat(second.trace()).isEqualTo(first.trace());
        assertThat(first.trace().complete()).isTrue();
        assertThat(first.trace().events()).extracting(StepEvent::kind).contains(StepKind.SEND, StepKind.ACK,
                StepKind.LEADER_APPEND, StepKind.FOLLOWER_FETCH, StepKind.HW_ADVANCE, StepKind.POLL, StepKind.STORE_PUT,
                StepKind.TXN_MARKER, StepKind.OFFSET_COMMIT, StepKind.WRITEBACK, StepKind.FAULT, StepKind.TRUNCATION,
                StepKind.RESTART, StepKind.ELECTION, StepKind.RESTORE);
        for (int n = 1; n <= first.trace().size(); n++) {
            assertThat(first.trace().event(n).number()).isEqualTo(n);
        }
    }

    @Test
    void aFaultAfterEventNFiresRightAfterThatEventsStep() throws Exception {
        LogScene scene = LogSceneLoader.load(F9);
        LogScene noFault = withFaults(scene, List.of());
        StepTrace baseline = LogSimulation.runStepped(noFault, scene.seed(), Map.of(), () -> false, StepOptions.ALL).trace();
        Fault cut = scene.faults().get(0);
        List<Integer> positions = baseline.faultPositions();
        for (int n : List.of(0, positions.get(positions.size() / 2), positions.get(positions.size() - 1))) {
            StepTrace t = LogSimulation.runStepped(withFaults(scene, List.of(cut.afterEvent(n, ""))), scene.seed(),
                    Map.of(), () -> false, StepOptions.ALL).trace();
            assertThat(t.events().subList(0, n)).isEqualTo(baseline.events().subList(0, n));
            assertThat(t.event(n + 1).kind()).as("event after " + n).isEqualTo(StepKind.FAULT);
        }
    }

    @Test
    void comparePlacesTheFaultAtTheSameEventUnderTheFix() throws Exception {
        LogScene scene = LogSceneLoader.load(F9);
        Fault cut = FaultSweep.defaultFault(scene);
        StepTrace written = LogSimulation.runStepped(FaultSweep.without(scene, cut), scene.seed(), Map.of(), () -> false,
                StepOptions.ALL).trace();
        // Right after the client hears that the third transfer (e4) is stored, as written and under the fix.
        int n = written.events().stream().filter(e -> e.kind() == StepKind.ACK && e.lane().equals("client")
                && e.entries().equals(List.of(4))).findFirst().orElseThrow().number();
        FaultSweep.Comparison c = FaultSweep.compare(scene, scene.seed(), Map.of(), cut, n, () -> false);
        assertThat(c.matched()).isEqualTo("same event");
        StepTrace fixed = c.fixed().trace();
        StepEvent matched = fixed.events().stream().filter(e -> e.number() <= c.fixedPosition()
                && fixed.stepEnd(e.number()) == c.fixedPosition()).filter(e -> e.kind() == StepKind.ACK
                && e.entries().equals(List.of(4))).findFirst().orElseThrow();
        assertThat(matched.lane()).isEqualTo("client");
        assertThat(fixed.event(c.fixedPosition() + 1).kind()).isEqualTo(StepKind.FAULT);
        assertThat(c.asWritten().trace().event(n + 1).kind()).isEqualTo(StepKind.FAULT);
        assertThat(c.fixed().result().correct()).isTrue();
        assertThat(c.asWritten().result()).isEqualTo(LogSimulation.run(FaultSweep.placed(scene, cut, n), scene.seed(),
                Map.of()));
    }

    @Test
    void aPositionPastTheEndIsAnErrorThatSaysWhere() throws Exception {
        LogScene scene = LogSceneLoader.load(F9);
        Fault late = scene.faults().get(0).afterEvent(1_000_000, "step.yaml:14:5");
        assertThatThrownBy(() -> LogSimulation.run(withFaults(scene, List.of(late)), scene.seed(), Map.of()))
                .isInstanceOf(SettingException.class)
                .hasMessageStartingWith("step.yaml:14:5: fault after event 1000000 is past the end of the run");
    }
}
