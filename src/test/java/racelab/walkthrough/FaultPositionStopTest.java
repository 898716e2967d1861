package racelab.walkthrough;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import racelab.logsim.LogSimulation;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.scene.Fault;
import racelab.logsim.scene.LogScene;
import racelab.logsim.trace.FaultSweep;
import racelab.logsim.trace.StepEvent;
import racelab.logsim.trace.StepKind;
import racelab.logsim.trace.StepTrace;
import racelab.scenario.SceneFormatException;

/**
 * A walkthrough stop on a step scene's timeline ({@code after: N}, {@code measure: survivor:later|earlier}): the stop
 * places the scene's fault after event N as {@code log --after N} does, and the answer is measured by moving the fault
 * one gap and running again, checked here against {@code log-explore}'s own sweep of every gap.
 */
class FaultPositionStopTest {

    private static final Path SCENES = Path.of("scenes");

    @TempDir
    Path dir;

    private static String walkthrough(String stop) {
        return "id: w\nkind: walkthrough\ntitle: T\nquestion: 2\nstops:\n"
                + "  - id: s1\n    title: S\n    interview: true\n    minutes: 5\n    ask: A\n    reveal: R\n" + stop;
    }

    private Stop stop(String text) throws SceneFormatException {
        return WalkthroughLoader.parse(dir.resolve("w.yaml"), walkthrough(text), SCENES).stops().get(0);
    }

    private SceneFormatException error(String text) {
        try {
            stop(text);
        } catch (SceneFormatException e) {
            return e;
        }
        throw new AssertionError("expected a located error for:\n" + text);
    }

    private static String survivorStop(int after, String way) {
        return "    scene: step-f9-power-cut\n    after: " + after + "\n    predict:\n      prompt: P\n"
                + "      measure: survivor:" + way + "\n";
    }

    @Test
    void afterPlacesTheScenesFaultByPositionAsLogAfterDoesAndOffersTheEntriesAsChoices() throws Exception {
        Stop stop = stop(survivorStop(100, "later"));
        assertThat(stop.placesFault()).isTrue();
        assertThat(stop.faultAfter()).isEqualTo(100);
        Fault placed = FaultSweep.defaultFault(stop.logScene());
        assertThat(placed.isByPosition()).isTrue();
        assertThat(placed.afterEvent()).isEqualTo(100);
        assertThat(placed.origin()).isEqualTo(dir.resolve("w.yaml") + ":13:12");
        assertThat(stop.logScene().faults()).hasSize(1);
        assertThat(stop.prediction().options()).containsExactly("e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7", "none");
        // The stop's run is the run of log --after 100.
        LogScene scene = stop.logScene();
        assertThat(StopRunner.run(stop).log()).isEqualTo(LogSimulation.run(
                FaultSweep.placed(scene, FaultSweep.defaultFault(scene), 100), scene.seed(), Map.of()));
    }

    @Test
    void badPlacementsAreLocated() {
        assertThat(error("    scene: double-spend\n    after: 3\n").getMessage()).contains("w.yaml:13:12")
                .contains("'after' applies to log scenes");
        assertThat(error("    scene: step-f9-power-cut\n    after: -1\n").getMessage()).contains("w.yaml:13:12")
                .contains("between 0 and");
        assertThat(error("    scene: step-f9-power-cut\n    predict:\n      prompt: P\n      measure: survivor:later\n")
                .getMessage()).contains("w.yaml:").contains("add after: N");
        assertThat(error(survivorStop(5, "sideways")).getMessage()).contains("w.yaml:16:16")
                .contains("survivor:later or survivor:earlier");
        assertThat(error("    scene: step-f9-power-cut\n    predict:\n      prompt: P\n      measure: survivor\n")
                .getMessage()).contains("survivor:later or survivor:earlier");
    }

    @Test
    void aPositionPastTheEndOfTheTraceIsReportedAtTheStopsAfter() throws Exception {
        Stop stop = stop(survivorStop(99_999, "later"));
        assertThatThrownBy(() -> StopRunner.run(stop)).hasMessageContaining(dir.resolve("w.yaml") + ":13:12")
                .hasMessageContaining("past the end");
        Walkthrough w = WalkthroughLoader.parse(dir.resolve("w.yaml"), walkthrough(survivorStop(99_999, "later")),
                SCENES);
        assertThat(WalkthroughCheck.problems(w)).singleElement().asString().contains("past the end");
    }

    /**
     * The measured survivors are exactly the entries lost at the stop's position and kept one gap away, with the gaps
     * taken from log-explore's sweep (an independent numbering of every position and its lost entries), for seeded
     * positions of the F9 step scene, some of them inside a step (they fire after the whole step).
     */
    @Test
    void theSurvivorsAreTheLostEntriesTheNeighbouringGapOfLogExploreKeeps() throws Exception {
        Stop template = stop(survivorStop(0, "later"));
        LogScene scene = template.logScene();
        Fault fault = FaultSweep.defaultFault(scene);
        FaultSweep.Result sweep = FaultSweep.sweep(scene, scene.seed(), Map.of(), fault, 2, () -> false, 2_000);
        List<Integer> gaps = sweep.positions().stream().map(FaultSweep.Position::afterEvent).toList();
        StepTrace trace = LogSimulation.runStepped(FaultSweep.without(scene, fault), scene.seed(), Map.of(), () -> false,
                racelab.logsim.trace.StepOptions.ALL).trace();

        List<Integer> picked = new ArrayList<>();
        // Every flip of the lost set (the interesting positions), plus seeded others, plus a position inside a step.
        for (int i = 1; i < gaps.size(); i++) {
            if (!sweep.positions().get(i).lost().equals(sweep.positions().get(i - 1).lost())) {
                picked.add(gaps.get(i - 1));
                picked.add(gaps.get(i));
            }
        }
        SplittableRandom random = new SplittableRandom(14);
        picked.add(gaps.get(random.nextInt(gaps.size())));
        for (StepEvent e : trace.events()) {
            if (!e.boundary() && e.number() > gaps.get(gaps.size() / 2)) {
                picked.add(e.number());
                break;
            }
        }
        picked.add(0);
        picked.add(gaps.get(gaps.size() - 1));
        int flips = 0;
        for (int n : new LinkedHashSet<>(picked)) {
            int at = n == 0 ? 0 : trace.stepEnd(n);
            int index = gaps.indexOf(at);
            assertThat(index).as("after event " + n + " fires at a gap of log-explore").isNotNegative();
            for (String way : List.of("later", "earlier")) {
                Stop stop = stop(survivorStop(n, way));
                StopResult result = StopRunner.run(stop);
                assertThat(result.log().lostEntries()).as("the stop's run after " + n)
                        .isEqualTo(sweep.positions().get(index).lost());
                Answer answer = AnswerKey.answer(stop, stop.prediction(), result);
                int neighbour = index + (way.equals("later") ? 1 : -1);
                Set<String> expected = new LinkedHashSet<>();
                if (neighbour >= 0 && neighbour < gaps.size()) {
                    for (int entry : sweep.positions().get(index).lost()) {
                        if (!sweep.positions().get(neighbour).lost().contains(entry)) {
                            expected.add("e" + entry);
                        }
                    }
                }
                if (expected.isEmpty()) {
                    assertThat(answer.value()).as(way + " of " + n).isEqualTo("none");
                    assertThat(answer.accepted()).containsExactly("none");
                } else {
                    flips++;
                    assertThat(answer.accepted()).as(way + " of " + n).containsExactlyInAnyOrderElementsOf(expected);
                    assertThat(answer.matches(expected.iterator().next())).isTrue();
                    assertThat(answer.matches("none")).isFalse();
                    assertThat(answer.source()).contains("after event " + gaps.get(neighbour));
                }
                assertThat(FaultSweep.movedPosition(stop.logScene(), stop.seed(), Map.of(),
                        FaultSweep.defaultFault(stop.logScene()), way.equals("later") ? 1 : -1, () -> false))
                        .as("the gap " + way + " than " + n)
                        .isEqualTo(neighbour >= 0 && neighbour < gaps.size() ? gaps.get(neighbour) : -1);
            }
        }
        assertThat(flips).as("positions where a one-event move saves an entry").isPositive();
    }

    /** The shipped stop says what its runs show: the cut after its event loses e6 and e7, one event later nothing. */
    @Test
    void theShippedTimelineStopReadsTrueOfItsRuns() throws Exception {
        Walkthrough q2 = WalkthroughLoader.load(SCENES.resolve("walkthroughs/q2-lost-writes.yaml"), SCENES);
        Stop stop = q2.stops().stream().filter(Stop::placesFault).findFirst().orElseThrow();
        assertThat(stop.interview()).as("the interview path reaches the timeline").isTrue();
        assertThat(stop.prediction().measure().toString()).isEqualTo("survivor:later");
        StopResult result = StopRunner.run(stop);
        assertThat(result.log().lostEntries()).containsExactly(6, 7);
        assertThat(stop.ask()).contains("event " + stop.faultAfter()).contains("e6 and e7 are lost");
        Answer answer = AnswerKey.answer(stop, stop.prediction(), result);
        assertThat(answer.accepted()).containsExactlyInAnyOrder("e6", "e7");
        AnswerKey.Move later = AnswerKey.move(stop, 1);
        LogRunResult moved = later.there();
        assertThat(moved.lostEntries()).isEmpty();
        assertThat(moved.correct()).isTrue();

        // What the ask and the reveal say about the two runs, read from their step traces.
        LogScene scene = stop.logScene();
        Fault fault = FaultSweep.defaultFault(scene);
        StepTrace here = LogSimulation.runStepped(scene, scene.seed(), Map.of(), () -> false,
                racelab.logsim.trace.StepOptions.ALL).trace();
        StepTrace there = LogSimulation.runStepped(FaultSweep.placed(scene, fault, later.to()), scene.seed(), Map.of(),
                () -> false, racelab.logsim.trace.StepOptions.ALL).trace();
        StepEvent cutAfter = here.event(stop.faultAfter());
        assertThat(cutAfter.text()).startsWith("broker-1's OS writes back");
        assertThat(here.events()).anyMatch(e -> e.number() <= stop.faultAfter() && e.kind() == StepKind.WRITEBACK
                && e.lane().equals("broker-1") && e.partition().equals("journal-0") && e.entries().containsAll(List.of(6, 7)));
        assertThat(there.events()).anyMatch(e -> e.number() > stop.faultAfter() && e.number() <= later.to()
                && e.kind() == StepKind.WRITEBACK && e.lane().equals("broker-3") && e.partition().equals("journal-0")
                && e.entries().containsAll(List.of(6, 7)));
        assertThat(here.events()).anyMatch(e -> e.kind() == StepKind.TRUNCATION && e.lane().equals("broker-3")
                && e.partition().equals("journal-0") && e.entries().containsAll(List.of(6, 7)));
        assertThat(here.events()).anyMatch(e -> e.text().startsWith("broker-3 becomes leader of journal-0"));
        assertThat(here.events()).anyMatch(e -> e.text().startsWith("broker-1 truncates journal-0"));
        assertThat(there.events()).anyMatch(e -> e.text().startsWith("broker-3 becomes leader of journal-0"));
    }
}
