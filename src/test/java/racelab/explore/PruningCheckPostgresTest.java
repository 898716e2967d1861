package racelab.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import racelab.ledger.Mitigations;
import racelab.postgres.PostgresBackend;
import racelab.postgres.SharedPostgres;
import racelab.scenario.LedgerScene;
import racelab.scenario.LedgerSceneLoader;

/**
 * Pruning on PostgreSQL reports what a search over every interleaving reports, for every mitigation PostgreSQL runs,
 * on a small set (the suite's time is short, and a deadlocking schedule waits for PostgreSQL's deadlock check): the
 * opposite transfers with unordered, ordered and advisory locks, and the write skew with snapshots and row locks. {@code prune-check --backend postgres} runs the same for
 * every ledger scene. The last test shows the check has teeth: footprints that call every step independent make it
 * fail.
 */
class PruningCheckPostgresTest {

    private static LedgerScene scene(String id) throws Exception {
        return LedgerSceneLoader.load(Path.of("scenes", id + ".yaml"));
    }

    /**
     * Row locks and deadlocks: the unordered locks deadlock and PostgreSQL's own check picks the victim after
     * {@code deadlock_timeout}; ordered row locks and advisory locks do not.
     */
    @Test
    void onTheOppositeTransfersPruningChangesNothingWithLocks() throws Exception {
        assertThat(Mitigations.idsOn(SharedPostgres.backend())).contains("advisory-lock");
        assertAgree("opposite-transfers-deadlock", List.of("for-update-unordered", "for-update", "advisory-lock"));
    }

    /** Snapshots, where the footprints decide alone (under serializable they are switched off). */
    @Test
    void onTheWriteSkewPruningChangesNothingWithSnapshotsAndLocks() throws Exception {
        assertAgree("write-skew", List.of("naive", "repeatable-read", "check-constraint", "for-update"));
    }

    private static void assertAgree(String sceneId, List<String> mitigations) throws Exception {
        PostgresBackend postgres = SharedPostgres.backend();
        List<PruningCheck> checks = PruningCheck.run(
                new LedgerExplorer(new LedgerEngineRunners(postgres), new BackendFootprints(postgres.id())),
                scene(sceneId), mitigations, new Cancellation());
        assertThat(checks).hasSize(mitigations.size());
        for (PruningCheck check : checks) {
            assertThat(check.differences()).as("%s under %s", sceneId, check.pruned().mitigation()).isEmpty();
            assertThat(check.unpruned().explored()).as("every interleaving was run")
                    .isEqualTo(check.unpruned().schedules());
            long summed = check.pruned().schedulesByOutcome().values().stream().mapToLong(Long::longValue).sum();
            assertThat(summed).isEqualTo(check.pruned().schedules());
        }
        // Pruning did prune, or the comparison would be trivial.
        assertThat(checks).anySatisfy(check -> assertThat(check.pruned().pruned()).isPositive());
    }

    @Test
    void footprintsThatCallEveryStepIndependentAreCaught() throws Exception {
        PostgresBackend postgres = SharedPostgres.backend();
        FootprintCatalog blind = (scene, mitigation) -> step -> StepFootprint.NONE;
        PruningCheck check = PruningCheck.run(new LedgerExplorer(new LedgerEngineRunners(postgres), blind),
                scene("write-skew"), List.of("naive"), new Cancellation()).get(0);
        assertThat(check.pruned().explored()).as("one run stands for every interleaving").isEqualTo(1);
        assertThat(check.agrees()).isFalse();
        assertThat(check.differences()).anyMatch(line -> line.startsWith("schedules per outcome"));
    }
}
