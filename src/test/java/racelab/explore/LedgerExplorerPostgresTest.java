package racelab.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import racelab.ledger.H2Backend;
import racelab.ledger.LedgerEngine;
import racelab.postgres.PostgresBackend;
import racelab.postgres.SharedPostgres;
import racelab.scenario.LedgerScene;
import racelab.scenario.LedgerSceneLoader;

/** The explorer on real PostgreSQL, compared with the same search on H2. */
class LedgerExplorerPostgresTest {

    private static LedgerExplorer explorer(racelab.ledger.DatabaseBackend backend) {
        return new LedgerExplorer(new LedgerEngineRunners(backend), new BackendFootprints(backend.id()));
    }

    private static LedgerScene scene(String id) throws Exception {
        return LedgerSceneLoader.load(Path.of("scenes", id + ".yaml"));
    }

    @Test
    void theDoubleSpendUnderNaiveHasTheSameSmallestCounterexampleOnBothEngines() throws Exception {
        PostgresBackend postgres = SharedPostgres.backend();
        LedgerScene scene = scene("double-spend");
        ExploreResult onPostgres = explorer(postgres).explore(scene, "naive", ExploreOptions.DEFAULT,
                ProgressListener.NONE, new Cancellation());
        ExploreResult onH2 = explorer(H2Backend.INSTANCE).explore(scene, "naive", ExploreOptions.DEFAULT,
                ProgressListener.NONE, new Cancellation());
        assertThat(onPostgres.complete()).isTrue();
        assertThat(onPostgres.count(Outcome.VIOLATED)).isPositive();
        assertThat(onPostgres.minimal()).isNotNull();
        assertThat(onPostgres.minimal().schedule()).isEqualTo(onH2.minimal().schedule());
        assertThat(onPostgres.minimal().distance()).isEqualTo(onH2.minimal().distance()).isEqualTo(1);
        assertThat(onPostgres.schedulesByOutcome()).isEqualTo(onH2.schedulesByOutcome());
        // The counterexample, replayed on PostgreSQL, overdraws alice there too.
        assertThat(Outcome.of(LedgerEngine.runOnce(scene, "naive", onPostgres.minimal().schedule(), postgres)))
                .isEqualTo(Outcome.VIOLATED);
    }

    /**
     * Every interleaving of the write-skew scene under serializable: SSI keeps the group rule in all of them on
     * PostgreSQL (some abort with 40001 and retry), while H2's snapshot isolation breaks it in some.
     */
    @Test
    void theMatrixMarksSerializableSoundForWriteSkewOnPostgresAndNotOnH2() throws Exception {
        LedgerScene scene = scene("write-skew");
        List<ExploreResult> onPostgres = explorer(SharedPostgres.backend()).exploreAll(scene, List.of("serializable"),
                ExploreOptions.DEFAULT, ProgressListener.NONE, new Cancellation());
        List<ExploreResult> onH2 = explorer(H2Backend.INSTANCE).exploreAll(scene, List.of("serializable"),
                ExploreOptions.DEFAULT, ProgressListener.NONE, new Cancellation());
        ExploreResult postgres = onPostgres.get(0);
        assertThat(postgres.complete()).isTrue();
        assertThat(postgres.pruned()).as("SSI footprints prune nothing on PostgreSQL").isZero();
        assertThat(postgres.explored()).isEqualTo(postgres.schedules());
        assertThat(postgres.sound()).isTrue();
        assertThat(onH2.get(0).sound()).isFalse();
        assertThat(ExploreReport.markdownMatrix(onPostgres)).contains("| `serializable` |").contains(" yes |");
        assertThat(ExploreReport.markdownMatrix(onH2)).contains(" **no** |");
    }
}
