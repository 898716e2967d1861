package racelab.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import racelab.check.Anomaly;
import racelab.check.AnomalyType;
import racelab.postgres.SharedPostgres;
import racelab.scenario.LedgerScene;
import racelab.scenario.LedgerSceneLoader;
import racelab.scenario.StepRef;

/**
 * The phantom scene on real H2 and real PostgreSQL: a new member (card, opened by T1) joins the household while T2
 * decides on the members it found. Row locks on the existing members (for-update) do not stop it; PostgreSQL's
 * SERIALIZABLE does (PostgreSQL docs, 13.2.3); H2's SERIALIZABLE, snapshot isolation, does not, and says so.
 *
 * <p>Every one of the 70 interleavings of the two lanes is run, and for-update's outcome is checked against the one
 * rule that decides it on both databases: T2's locking read is violated exactly when it starts after T1's check
 * (so it waits for T1's locks) and before T1's commit (so the row T1 inserts is not among the rows it matched).
 */
class PhantomSceneTest {

    private static final String CARD = "card";

    static Stream<String> backends() {
        return Stream.of("h2", "postgres");
    }

    private static DatabaseBackend backend(String id) {
        return id.equals("h2") ? H2Backend.INSTANCE : SharedPostgres.backend();
    }

    private static LedgerScene scene() throws Exception {
        return LedgerSceneLoader.load(Path.of("scenes", "phantom-group-member.yaml"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void rowLocksOnEveryExistingMemberLetTheNewMemberThrough(String backendId) throws Exception {
        LedgerScene scene = scene();
        try (LedgerEngine engine = LedgerEngine.open(scene, backend(backendId))) {
            LedgerRun run = engine.run("for-update", scene.schedule());
            assertThat(run.verdict()).isEqualTo("violated");
            assertThat(run.finalBalances()).containsEntry(CARD, -80L).containsEntry("joint-b", -30L);
            Anomaly skew = run.anomalies().stream().filter(a -> a.type() == AnomalyType.WRITE_SKEW).findFirst()
                    .orElseThrow();
            assertThat(skew.literature()).isEqualTo(AnomalyType.PHANTOM_LITERATURE_NAME);
            assertThat(skew.message()).contains("T1 opened card", "13.2.1");
            // T2's locking read waited for T1, which inserted the card and committed, and still did not find it.
            TraceStep blocked = step(run, "T2", "check", StepOutcome.BLOCKED);
            assertThat(blocked.blockedBy()).isEqualTo("T1");
            assertThat(blocked.sql()).anySatisfy(sql -> assertThat(sql).contains("group_id = 'household'")
                    .endsWith("FOR UPDATE"));
            TraceStep released = step(run, "T2", "check", StepOutcome.UNBLOCKED);
            assertThat(released.index()).isGreaterThan(step(run, "T1", "commit", StepOutcome.RAN).index());
            assertThat(released.balances()).containsKey(CARD);
            assertThat(released.detail()).contains("joint-a = 50", "joint-b = 50").doesNotContain(CARD);
            SceneMatrixTest.assertTraceIsWellFormed(run);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void underForUpdateEveryInterleavingFollowsThePhantomRule(String backendId) throws Exception {
        LedgerScene scene = scene();
        int violated = 0;
        try (LedgerEngine engine = LedgerEngine.open(scene, backend(backendId))) {
            for (List<StepRef> schedule : interleavings()) {
                LedgerRun run = engine.run("for-update", schedule);
                boolean phantom = position(schedule, "T1.check") < position(schedule, "T2.check")
                        && position(schedule, "T2.check") < position(schedule, "T1.commit");
                assertThat(run.verdict()).as("%s", schedule).isEqualTo(phantom ? "violated" : "safe");
                if (phantom) {
                    violated++;
                    assertThat(run.anomalies()).as("%s", schedule).anySatisfy(a -> assertThat(a.literature())
                            .isEqualTo(AnomalyType.PHANTOM_LITERATURE_NAME));
                }
            }
        }
        assertThat(violated).as("the phantom happens under for-update").isPositive();
    }

    @Test
    void serializableOnPostgresStopsItInEveryInterleaving() throws Exception {
        LedgerScene scene = scene();
        try (LedgerEngine engine = LedgerEngine.open(scene, SharedPostgres.backend())) {
            for (List<StepRef> schedule : interleavings()) {
                LedgerRun run = engine.run("serializable", schedule);
                assertThat(run.verdict()).as("%s", schedule).isEqualTo("safe");
                assertThat(run.finalBalances().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(100);
            }
            LedgerRun shown = engine.run("serializable", scene.schedule());
            assertThat(shown.steps()).anySatisfy(s -> {
                assertThat(s.lane()).isEqualTo("T2");
                assertThat(s.outcome()).isEqualTo(StepOutcome.RETRIED);
                assertThat(s.sqlState()).isEqualTo("40001");
            });
            assertThat(shown.steps()).anySatisfy(s -> assertThat(s.outcome()).isEqualTo(StepOutcome.DECLINED));
        }
    }

    @Test
    void serializableOnH2IsSnapshotIsolationAndTheRunSaysSo() throws Exception {
        LedgerScene scene = scene();
        try (LedgerEngine engine = LedgerEngine.open(scene)) {
            LedgerRun run = engine.run("serializable", scene.schedule());
            assertThat(run.verdict()).isEqualTo("violated");
            assertThat(run.anomalies()).anySatisfy(a -> {
                assertThat(a.type()).isEqualTo(AnomalyType.WRITE_SKEW);
                assertThat(a.message()).contains("H2's SERIALIZABLE is snapshot isolation",
                        "PostgreSQL SERIALIZABLE (SSI) would abort");
            });
        }
    }

    /** One queue for the whole group (single-writer) is a lock on the group, not its rows: no phantom gets past. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aLockOnTheGroupStopsItInEveryInterleaving(String backendId) throws Exception {
        LedgerScene scene = scene();
        try (LedgerEngine engine = LedgerEngine.open(scene, backend(backendId))) {
            for (List<StepRef> schedule : interleavings()) {
                assertThat(engine.run("single-writer", schedule).verdict()).as("%s", schedule).isEqualTo("safe");
            }
        }
    }

    /**
     * The explorer's footprints know the INSERT: the new member is a resource T1's apply writes and every group read
     * touches, so the pruned search finds what running every interleaving finds, on both databases.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void pruningAgreesWithRunningEveryInterleaving(String backendId) throws Exception {
        DatabaseBackend backend = backend(backendId);
        List<racelab.explore.PruningCheck> checks = racelab.explore.PruningCheck.run(
                new racelab.explore.LedgerExplorer(new racelab.explore.LedgerEngineRunners(backend),
                        new racelab.explore.BackendFootprints(backend.id())),
                scene(), List.of("naive", "for-update"),
                new racelab.explore.Cancellation());
        for (racelab.explore.PruningCheck check : checks) {
            assertThat(check.differences()).as(check.pruned().mitigation()).isEmpty();
            assertThat(check.unpruned().explored()).isEqualTo(70);
        }
        assertThat(checks).anySatisfy(check -> assertThat(check.pruned().pruned()).isPositive());
    }

    private static TraceStep step(LedgerRun run, String lane, String phase, StepOutcome outcome) {
        return run.steps().stream().filter(s -> s.lane().equals(lane) && s.phase().equals(phase)
                && s.outcome() == outcome).findFirst().orElseThrow(() -> new AssertionError(
                "no " + outcome + " " + lane + "." + phase + " in " + run.steps()));
    }

    private static int position(List<StepRef> schedule, String step) {
        return schedule.indexOf(StepRef.parseOrNull(step));
    }

    /** All 70 interleavings of T1's and T2's four phases. */
    static List<List<StepRef>> interleavings() {
        List<List<StepRef>> all = new ArrayList<>();
        interleave(new ArrayList<>(), 0, 0, all);
        assertThat(all).hasSize(70);
        return all;
    }

    private static void interleave(List<StepRef> prefix, int t1, int t2, List<List<StepRef>> out) {
        if (t1 == 4 && t2 == 4) {
            out.add(List.copyOf(prefix));
            return;
        }
        if (t1 < 4) {
            prefix.add(new StepRef("T1", LedgerScene.PHASES.get(t1)));
            interleave(prefix, t1 + 1, t2, out);
            prefix.remove(prefix.size() - 1);
        }
        if (t2 < 4) {
            prefix.add(new StepRef("T2", LedgerScene.PHASES.get(t2)));
            interleave(prefix, t1, t2 + 1, out);
            prefix.remove(prefix.size() - 1);
        }
    }
}
