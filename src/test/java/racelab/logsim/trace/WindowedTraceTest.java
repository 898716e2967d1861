package racelab.logsim.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import racelab.logsim.LogSimulation;
import racelab.logsim.scene.Fault;
import racelab.logsim.scene.LogScene;
import racelab.logsim.scene.LogSceneLoader;

/**
 * The big scenes' "Timeline around the fault…" is a recording of a window of simulated time
 * ({@link StepOptions#window}). For every big shipped log scene, the window must hold exactly the events the whole run
 * has in that range (same numbers, times, kinds, lanes, partitions, offsets, entries, texts and step boundaries), the
 * same queue positions (so a fault dragged in the window lands where it would in the whole run), and a state for every
 * journal entry after every kept step that agrees with the whole run's events.
 */
class WindowedTraceTest {

    /** Every shipped log scene that is not a step scene: the scenes whose timeline opens on a window. */
    static List<Path> bigLogScenes() throws IOException {
        List<Path> scenes = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("scenes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                if (Files.readString(file).contains("kind: log") && !file.getFileName().toString().startsWith("step-")) {
                    scenes.add(file);
                }
            }
        }
        return scenes;
    }

    @org.junit.jupiter.api.Test
    void everyBigLogSceneIsCovered() throws Exception {
        assertThat(bigLogScenes()).hasSizeGreaterThanOrEqualTo(14);
        for (Path file : bigLogScenes()) {
            LogScene scene = LogSceneLoader.load(file);
            assertThat(scene.workload().accounts() + scene.workload().transfers()).as(file.toString())
                    .isGreaterThan(8);
        }
    }

    /** The whole run's events, none kept past the cap of memory, no entry states (as the window's own counting). */
    private static final StepOptions WHOLE_RUN_EVENTS = new StepOptions(0, Long.MAX_VALUE, Integer.MAX_VALUE, 0);

    @ParameterizedTest
    @MethodSource("bigLogScenes")
    void theWindowAroundTheFaultHoldsExactlyTheWholeRunsEventsInItsRange(Path file) throws Exception {
        LogScene scene = LogSceneLoader.load(file);
        SteppedRun whole = LogSimulation.runStepped(scene, scene.seed(), Map.of(), () -> false, WHOLE_RUN_EVENTS);
        assertThat(whole.trace().complete()).isTrue();
        long faultMs = faultTime(scene, whole.trace());

        // A window around the fault (as the timeline page records one), here with every entry's state kept.
        long from = Math.max(0, faultMs - 200);
        long to = faultMs + 1_000;
        SteppedRun windowed = LogSimulation.runStepped(scene, scene.seed(), Map.of(), () -> false,
                new StepOptions(from, to, Integer.MAX_VALUE, whole.trace().journal().size()));
        assertThat(windowed.result()).as("recording a window does not change the run").isEqualTo(whole.result());

        List<StepEvent> expected = whole.trace().events().stream()
                .filter(e -> e.timeMs() >= from && e.timeMs() <= to).toList();
        StepTrace window = windowed.trace();
        assertThat(expected).as(scene.id() + ": events around the fault at " + faultMs + " ms").isNotEmpty();
        assertSameEvents(scene.id(), window, expected);
        assertThat(window.counted()).as("the window counts every event of the run").isEqualTo(whole.trace().counted());
        assertThat(window.complete()).as("events outside the window are not kept")
                .isEqualTo(expected.size() == whole.trace().size());
        for (StepEvent e : window.events()) {
            assertThat(window.event(e.number())).isEqualTo(e);
            assertThat(window.actionsAfter(e.number())).as(scene.id() + ": queue actions after event " + e.number())
                    .isEqualTo(whole.trace().actionsAfter(e.number()));
            assertThat(window.stepEnd(e.number())).as(scene.id() + ": the end of event " + e.number() + "'s step")
                    .isEqualTo(Math.min(whole.trace().stepEnd(e.number()), window.lastNumber()));
        }
        assertStatesConsistent(scene.id(), window, whole.trace());
    }

    /** When the scene's movable fault (the one the timeline centres on) fired in the whole run. */
    private static long faultTime(LogScene scene, StepTrace whole) {
        Fault fault = FaultSweep.defaultFault(scene);
        if (fault == null) {
            // The page opens a scene without a fault on its first events.
            return 0;
        }
        for (StepEvent e : whole.events()) {
            if (e.kind() == StepKind.FAULT && e.text().startsWith(fault.kind() + " ") && e.timeMs() >= fault.atMs()) {
                return e.timeMs();
            }
        }
        throw new AssertionError(scene.id() + ": its " + fault.kind() + " never fired");
    }

    private static void assertSameEvents(String id, StepTrace window, List<StepEvent> expected) {
        assertThat(window.events()).as(id).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            StepEvent want = expected.get(i);
            StepEvent got = window.events().get(i);
            String at = id + ": event " + want.number();
            assertThat(got.number()).as(at).isEqualTo(want.number());
            assertThat(got.timeMs()).as(at).isEqualTo(want.timeMs());
            assertThat(got.kind()).as(at).isEqualTo(want.kind());
            assertThat(got.lane()).as(at).isEqualTo(want.lane());
            assertThat(got.partition()).as(at).isEqualTo(want.partition());
            assertThat(got.entries()).as(at).isEqualTo(want.entries());
            assertThat(got.fromOffset()).as(at).isEqualTo(want.fromOffset());
            assertThat(got.toOffset()).as(at).isEqualTo(want.toOffset());
            assertThat(got.text()).as(at).isEqualTo(want.text());
            assertThat(got.boundary()).as(at).isEqualTo(want.boundary());
            if (i > 0) {
                // Steps are numbered within the recording; which events share one is the run's.
                boolean sameStep = want.step() == expected.get(i - 1).step();
                assertThat(got.step() == window.events().get(i - 1).step()).as(at + " shares its step").isEqualTo(sameStep);
            }
        }
    }

    /**
     * Each kept step has a state for every journal entry, and the states agree with the whole run's events: an entry
     * is "ever sent" exactly when the client has sent it by then, and acknowledged exactly when the client has heard
     * an ack for it; an entry applied to a store was put or restored there by then, and one whose input offset is
     * committed had a commit covering it; a replica count bounds what is on disk, and an entry below the high
     * watermark is in the leader's log.
     */
    private static void assertStatesConsistent(String id, StepTrace window, StepTrace whole) {
        int entries = whole.journal().size();
        int[] firstSend = firstEvent(whole, entries, e -> e.kind() == StepKind.SEND && e.lane().equals("client"));
        int[] firstAck = firstEvent(whole, entries, e -> e.kind() == StepKind.ACK && e.lane().equals("client"));
        int[] firstStored = firstEvent(whole, entries, e -> e.kind() == StepKind.STORE_PUT
                || e.kind() == StepKind.RESTORE);
        int[] firstCommit = firstEvent(whole, entries, e -> e.kind() == StepKind.OFFSET_COMMIT);
        for (StepEvent e : window.events()) {
            List<EntryState> states = window.statesAfter(e.number());
            assertThat(states).as(id + ": states after event " + e.number()).hasSize(entries);
            int stepEnd = whole.stepEnd(e.number());
            for (int k = 0; k < entries; k++) {
                EntryState s = states.get(k);
                String at = id + ": e" + k + " after event " + e.number();
                assertThat(s.entry()).as(at).isEqualTo(k);
                assertThat(s.everSent()).as(at + " ever sent").isEqualTo(firstSend[k] <= stepEnd);
                assertThat(s.acked()).as(at + " acknowledged").isEqualTo(firstAck[k] <= stepEnd);
                if (s.appliedToStore()) {
                    assertThat(firstStored[k]).as(at + ": in a store, so put or restored there").isLessThanOrEqualTo(
                            stepEnd);
                }
                if (s.offsetCommitted()) {
                    assertThat(firstCommit[k]).as(at + ": its offset committed").isLessThanOrEqualTo(stepEnd);
                }
                if (s.inChangelog() || s.inProducerBuffer() || s.replicas() > 0) {
                    assertThat(s.everSent()).as(at + ": held somewhere, so sent").isTrue();
                }
                assertThat(s.onDiskReplicas()).as(at + " on disk").isBetween(0, s.replicas());
                if (s.belowHighWatermark()) {
                    assertThat(s.inLeaderPageCache()).as(at + ": below the leader's high watermark").isTrue();
                }
            }
        }
    }

    /** For each entry, the number of the first event of the whole run matching {@code kind} that touches it. */
    private static int[] firstEvent(StepTrace whole, int entries, java.util.function.Predicate<StepEvent> kind) {
        int[] first = new int[entries];
        java.util.Arrays.fill(first, Integer.MAX_VALUE);
        for (StepEvent e : whole.events()) {
            if (kind.test(e)) {
                for (int entry : e.entries()) {
                    first[entry] = Math.min(first[entry], e.number());
                }
            }
        }
        return first;
    }
}
