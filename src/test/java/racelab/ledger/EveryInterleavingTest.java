package racelab.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import racelab.explore.Independence;
import racelab.explore.InterleavingIterator;
import racelab.explore.Lanes;
import racelab.scenario.LedgerScene;
import racelab.scenario.LedgerSceneLoader;
import racelab.scenario.StepRef;

/** Engine properties that must hold for every interleaving, not only for the scenes' own schedules. */
class EveryInterleavingTest {

    private static List<LedgerScene> ledgerScenes() throws Exception {
        List<LedgerScene> scenes = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("scenes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                if (Files.readString(file).contains("kind: ledger")) {
                    scenes.add(LedgerSceneLoader.load(file));
                }
            }
        }
        return scenes;
    }

    private static List<List<StepRef>> everySchedule(LedgerScene scene) {
        Lanes lanes = Lanes.of(scene);
        List<List<StepRef>> schedules = new ArrayList<>();
        InterleavingIterator iterator = new InterleavingIterator(lanes, Independence.none(lanes));
        while (iterator.hasNext()) {
            schedules.add(lanes.toSteps(iterator.next()));
        }
        return schedules;
    }

    /** BLOCKED events that name their own lane, over every interleaving of one scene under one mitigation. */
    private static List<String> selfBlocks(LedgerScene scene, String mitigation) throws Exception {
        List<String> found = new ArrayList<>();
        try (LedgerEngine engine = LedgerEngine.open(scene)) {
            for (List<StepRef> schedule : everySchedule(scene)) {
                for (TraceStep step : engine.run(mitigation, schedule).steps()) {
                    if (step.outcome() == StepOutcome.BLOCKED && step.step().lane().equals(step.blockedBy())) {
                        found.add(scene.id() + " " + mitigation + " " + schedule + ": " + step);
                    }
                }
            }
        }
        return found;
    }

    @Test
    void noLaneIsEverReportedBlockedByItselfUnderAppLockOrSingleWriter() throws Exception {
        List<LedgerScene> scenes = ledgerScenes();
        assertThat(scenes).hasSizeGreaterThanOrEqualTo(8);
        // Two engines at a time, as when searches run concurrently.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<String>>> searches = new ArrayList<>();
            for (LedgerScene scene : scenes) {
                for (String mitigation : List.of("app-lock", "single-writer")) {
                    searches.add(pool.submit(() -> selfBlocks(scene, mitigation)));
                }
            }
            List<String> selfBlocks = new ArrayList<>();
            for (Future<List<String>> search : searches) {
                selfBlocks.addAll(search.get());
            }
            assertThat(selfBlocks).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    /** The accounts T2's apply writes (it pays bob -> alice), in the order its UPDATEs ran. */
    private static List<String> writeOrderOfT2(LedgerScene scene, String mitigation) throws Exception {
        LedgerRun run = LedgerEngine.runOnce(scene, mitigation, scene.schedule());
        TraceStep apply = run.steps().stream()
                .filter(step -> step.step().equals(StepRef.parseOrNull("T2.apply")) && step.outcome() != StepOutcome.BLOCKED)
                .findFirst().orElseThrow();
        List<String> order = new ArrayList<>();
        for (String sql : apply.sql()) {
            if (sql.startsWith("UPDATE account")) {
                order.add(sql.contains("'alice'") ? "alice" : sql.contains("'bob'") ? "bob" : sql);
            }
        }
        return order;
    }

    /**
     * Under load, opposite transfers that write from-then-to each hold one row until COMMIT and deadlock (the
     * load benchmark counts them). The stepped engine releases one step at a time, so it cannot interleave inside
     * an apply; the order of the UPDATEs is what decides it.
     */
    @Test
    void naiveWritesInRequestOrderWhileConditionalUpdateAndCheckConstraintWriteInIdOrder() throws Exception {
        LedgerScene scene = LedgerSceneLoader.load(Path.of("scenes", "opposite-transfers-deadlock.yaml"));

        assertThat(writeOrderOfT2(scene, "naive")).containsExactly("bob", "alice");
        assertThat(writeOrderOfT2(scene, "conditional-update")).containsExactly("alice", "bob");
        assertThat(writeOrderOfT2(scene, "check-constraint")).containsExactly("alice", "bob");
    }
}
