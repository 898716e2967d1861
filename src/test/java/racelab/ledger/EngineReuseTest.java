package racelab.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import racelab.check.Anomaly;
import racelab.scenario.LedgerScene;
import racelab.scenario.LedgerSceneLoader;
import racelab.scenario.StepRef;

/**
 * One engine replays thousands of schedules: lanes settle their own steps and pass the turn to each other, and the
 * reset between runs is skipped when no lane committed. Whatever ran before, a run on a reused engine must give what
 * the same run gives on a fresh engine. Seeded random sequences over every ledger scene shipped, every mitigation H2
 * runs and both idempotency-key settings put runs that commit next to runs that write and then commit nothing (a
 * test mitigation that declines at COMMIT, after its writes), replicate steps next to none, and blocked steps next
 * to free ones.
 */
class EngineReuseTest {

    private static final long SEED = 20_261_130L;
    private static final int RUNS_PER_SCENE = 12;

    /** The naive app, except that it changes its mind at COMMIT: every write it made is rolled back. */
    static final class DeclinesAtCommit implements Mitigation {
        private final Mitigation naive = Mitigations.byId("naive").orElseThrow();

        @Override public String id() { return "test-declines-at-commit"; }
        @Override public String title() { return "declines at commit"; }
        @Override public String explanation() { return "writes like naive, then rolls back"; }
        @Override public String tradeOff() { return "none: a test"; }
        @Override public int isolationLevel() { return naive.isolationLevel(); }
        @Override public String isolationName() { return naive.isolationName(); }
        @Override public void begin(LaneContext lane) throws SQLException { naive.begin(lane); }
        @Override public void check(LaneContext lane) throws SQLException { naive.check(lane); }
        @Override public void apply(LaneContext lane) throws SQLException { naive.apply(lane); }
        @Override public void commit(LaneContext lane) { throw lane.decline("the test app declines at commit"); }
    }

    static List<LedgerScene> ledgerScenes() throws Exception {
        List<LedgerScene> scenes = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("scenes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                if (Files.readAllLines(file).stream().anyMatch(line -> line.strip().equals("kind: ledger"))) {
                    scenes.add(LedgerSceneLoader.load(file));
                }
            }
        }
        return scenes;
    }

    /** A random interleaving that keeps each lane's (and the replica's) own order, as the scene lists them. */
    static List<StepRef> randomSchedule(Random random, LedgerScene scene) {
        Map<String, List<StepRef>> byLane = new LinkedHashMap<>();
        for (StepRef step : scene.schedule()) {
            byLane.computeIfAbsent(step.lane(), lane -> new ArrayList<>()).add(step);
        }
        List<List<StepRef>> lanes = new ArrayList<>(byLane.values());
        int[] next = new int[lanes.size()];
        List<StepRef> schedule = new ArrayList<>();
        while (schedule.size() < scene.schedule().size()) {
            int lane = random.nextInt(lanes.size());
            if (next[lane] < lanes.get(lane).size()) {
                schedule.add(lanes.get(lane).get(next[lane]++));
            }
        }
        return schedule;
    }

    /** What a run decides: balances, verdict, anomalies, and how each lane ended. */
    static Map<String, Object> decision(LedgerRun run) {
        Map<String, Object> decision = new LinkedHashMap<>();
        decision.put("balances", run.finalBalances());
        decision.put("verdict", run.verdict());
        decision.put("anomalies", run.anomalies().stream().map(Anomaly::type).toList());
        Map<String, StepOutcome> ends = new LinkedHashMap<>();
        for (TraceStep step : run.steps()) {
            if (step.outcome() != StepOutcome.SKIPPED && step.outcome() != StepOutcome.BLOCKED) {
                ends.put(step.step().lane(), step.outcome());
            }
        }
        decision.put("lane ends", ends);
        return decision;
    }

    @Test
    void aReusedEngineDecidesEveryRunAsAFreshEngineDoes() throws Exception {
        Random random = new Random(SEED);
        List<Mitigation> mitigations = Mitigations.on(H2Backend.INSTANCE);
        List<LedgerScene> scenes = ledgerScenes();
        assertThat(scenes).hasSizeGreaterThanOrEqualTo(8);
        int committing = 0;
        int committingNothing = 0;
        for (LedgerScene scene : scenes) {
            try (LedgerEngine reused = LedgerEngine.open(scene)) {
                for (int i = 0; i < RUNS_PER_SCENE; i++) {
                    Mitigation mitigation = random.nextInt(3) == 0 ? new DeclinesAtCommit()
                            : mitigations.get(random.nextInt(mitigations.size()));
                    List<StepRef> schedule = randomSchedule(random, scene);
                    boolean keys = random.nextBoolean();
                    LedgerRun again = reused.run(mitigation, schedule, keys);
                    LedgerRun fresh;
                    try (LedgerEngine engine = LedgerEngine.open(scene)) {
                        fresh = engine.run(mitigation, schedule, keys);
                    }
                    assertThat(decision(again)).as("%s under %s, keys %s, after %d runs: %s", scene.id(),
                            mitigation.id(), keys, i, schedule).isEqualTo(decision(fresh));
                    assertThat(again.initialBalances()).isEqualTo(fresh.initialBalances());
                    boolean anyCommit = again.steps().stream().anyMatch(s -> s.step().phase().equals("commit")
                            && (s.outcome() == StepOutcome.RAN || s.outcome() == StepOutcome.UNBLOCKED));
                    if (anyCommit) {
                        committing++;
                    } else {
                        committingNothing++;
                    }
                }
            }
        }
        // Both kinds of run occurred, so the skipped reset was exercised between them in both directions.
        assertThat(committing).isPositive();
        assertThat(committingNothing).isPositive();
    }

    @Test
    void anInterruptedCallerGetsTheWholeRunAndKeepsItsInterrupt() throws Exception {
        LedgerScene scene = LedgerSceneLoader.load(Path.of("scenes", "double-spend.yaml"));
        // T2's check waits for T1's row lock: the calling thread must look after a blocked step while interrupted.
        List<StepRef> schedule = List.of(new StepRef("T1", "begin"), new StepRef("T1", "check"),
                new StepRef("T2", "begin"), new StepRef("T2", "check"), new StepRef("T1", "apply"),
                new StepRef("T1", "commit"), new StepRef("T2", "apply"), new StepRef("T2", "commit"));
        try (LedgerEngine engine = LedgerEngine.open(scene)) {
            LedgerRun reference = engine.run("for-update", schedule);
            assertThat(reference.steps()).anyMatch(s -> s.outcome() == StepOutcome.BLOCKED);
            Thread.currentThread().interrupt();
            LedgerRun interrupted;
            try {
                interrupted = engine.run("for-update", schedule);
            } finally {
                assertThat(Thread.interrupted()).as("the caller's interrupt is kept for it").isTrue();
            }
            assertThat(decision(interrupted)).isEqualTo(decision(reference));
            assertThat(interrupted.steps()).extracting(TraceStep::outcome)
                    .containsExactlyElementsOf(reference.steps().stream().map(TraceStep::outcome).toList());
        }
    }
}
