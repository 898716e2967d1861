package racelab.ui.logtimeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import racelab.logsim.LogSimulation;
import racelab.logsim.scene.Fault;
import racelab.logsim.scene.LogScene;
import racelab.logsim.scene.LogSceneLoader;
import racelab.logsim.trace.FaultSweep;
import racelab.logsim.trace.StepOptions;
import racelab.logsim.trace.StepTrace;

/**
 * Every gap of the timeline is a place the fault card can be dropped in, and each one asks for a real position of the
 * run without the fault: on the shipped step scenes, with the fault at late and seeded positions (late ones make the
 * faulted run longer than the fault-free trace, where a drop used to ask for a position past its end).
 *
 * <p>The oracle is the simulator: the fault-free trace is run here, apart from the page's backend, and a drop is
 * replayed as the page replays it to check that the card lands after the event it was dropped after.
 */
class DropPositionsTest {

    static List<Path> stepScenes() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("scenes"))) {
            return files.filter(p -> p.getFileName().toString().startsWith("step-")).sorted().toList();
        }
    }

    private static TimelineRun run(SimulatorTimelineBackend backend, LogScene scene, int faultAfter) throws Exception {
        return backend.run(new LogTimelineViewModel.RunRequest(1, scene, faultAfter, Map.of(),
                TimelineWindow.WHOLE_RUN, -1), () -> false);
    }

    @ParameterizedTest
    @MethodSource("stepScenes")
    void everyGapAsksForAFaultFreePositionOnTheSideItWasDroppedOnAndTheCardLandsAfterWhatItWasDroppedAfter(Path file)
            throws Exception {
        LogScene scene = LogSceneLoader.load(file);
        Fault movable = FaultSweep.defaultFault(scene);
        StepTrace faultFree = LogSimulation.runStepped(FaultSweep.without(scene, movable), scene.seed(), Map.of(),
                () -> false, StepOptions.ALL).trace();
        List<Integer> gaps = faultFree.faultPositions();
        TreeSet<Integer> valid = new TreeSet<>(gaps);
        int lastGap = gaps.get(gaps.size() - 1);
        SplittableRandom random = new SplittableRandom(scene.seed() * 31 + 14);
        SimulatorTimelineBackend backend = new SimulatorTimelineBackend();
        // The last gap and one a few gaps before it (the faulted run outgrows the trace there), and a seeded one.
        List<Integer> faultPositions = List.of(lastGap, gaps.get(Math.max(0, gaps.size() - 4)),
                gaps.get(random.nextInt(gaps.size())));
        boolean someRunOutgrowsTheTrace = false;
        for (int faultAfter : faultPositions) {
            TimelineRun shown = run(backend, scene, faultAfter);
            int fault = shown.faultCard();
            assertThat(fault).as("the fault card after event " + faultAfter).isEqualTo(faultAfter);
            int cards = shown.cards().size();
            someRunOutgrowsTheTrace |= cards - 1 > faultFree.counted();
            int previous = 0;
            for (int k = 0; k <= cards; k++) {
                int position = shown.dropPosition(k);
                String gap = file.getFileName() + ", fault after " + faultAfter + ", gap after " + k + " cards";
                assertThat(valid).as(gap + ": a gap of the run without the fault").contains(position);
                assertThat(position).as(gap + ": never before a gap further left").isGreaterThanOrEqualTo(previous);
                previous = position;
                if (k < fault) {
                    assertThat(position).as(gap + ": left of the fault, earlier").isLessThan(faultAfter);
                } else if (k <= fault + 1) {
                    assertThat(position).as(gap + ": either side of the fault card, where it stands")
                            .isEqualTo(faultAfter);
                } else if (faultAfter < lastGap) {
                    assertThat(position).as(gap + ": right of the fault, later").isGreaterThan(faultAfter);
                } else {
                    assertThat(position).as(gap + ": no gap after the last").isEqualTo(lastGap);
                }
            }
            // Replayed drops: the right end, two seeded gaps right of the fault and one left of it.
            List<Integer> drops = new ArrayList<>(List.of(cards));
            for (int i = 0; i < 2 && cards > fault + 2; i++) {
                drops.add(fault + 2 + random.nextInt(cards - fault - 1));
            }
            if (fault > 0) {
                drops.add(random.nextInt(fault));
            }
            for (int k : drops) {
                int position = shown.dropPosition(k);
                if (position == faultAfter) {
                    continue;
                }
                TimelineRun moved = run(backend, scene, position);
                String gap = file.getFileName() + ", fault after " + faultAfter + ", dropped after " + k + " cards";
                assertThat(moved.faultAfter()).as(gap).isEqualTo(position);
                assertThat(moved.faultCard()).as(gap + ": its card stands after event " + position).isEqualTo(position);
                if (k > 0 && k > fault) {
                    TimelineCard after = shown.cards().get(k - 1);
                    int occurrence = occurrences(shown.cards().subList(0, k - 1), after);
                    if (occurrence < occurrences(faultFreeCards(faultFree), after)) {
                        assertThat(occurrences(moved.cards().subList(0, moved.faultCard()), after))
                                .as(gap + ": " + after.text() + " (a fault-free event) happens before the fault")
                                .isGreaterThan(occurrence);
                    }
                } else if (k <= fault) {
                    assertThat(moved.faultCard()).as(gap + ": the card right of the gap is not before the fault")
                            .isLessThanOrEqualTo(k);
                }
            }
        }
        assertThat(someRunOutgrowsTheTrace).as("a late fault makes the run longer than the fault-free trace")
                .isTrue();
    }

    /** How many of {@code cards} are the same event as {@code card}: kind, machine, partition and entries. */
    private static int occurrences(List<TimelineCard> cards, TimelineCard card) {
        int count = 0;
        for (TimelineCard other : cards) {
            if (other.kind().equals(card.kind()) && other.lane().equals(card.lane())
                    && other.partition().equals(card.partition()) && other.entries().equals(card.entries())) {
                count++;
            }
        }
        return count;
    }

    private static List<TimelineCard> faultFreeCards(StepTrace trace) {
        List<TimelineCard> cards = new ArrayList<>();
        trace.events().forEach(e -> cards.add(new TimelineCard(e.number() - 1, e.lane(), e.kind().name(), "", "",
                e.text(), e.timeMs(), e.entries(), false, false, e.partition(), e.boundary())));
        return cards;
    }
}
