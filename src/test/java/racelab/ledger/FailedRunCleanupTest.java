package racelab.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import racelab.fuzz.OpenResources;
import racelab.scenario.Account;
import racelab.scenario.Constraint;
import racelab.scenario.LedgerScene;
import racelab.scenario.LedgerSceneLoader;

/** A run that fails for any reason leaves no in-memory H2 database, connection or lane thread behind. */
class FailedRunCleanupTest {

    @Test
    void aDatabaseThatCannotBeSetUpIsDroppedAtOnce() throws Exception {
        LedgerScene valid = LedgerSceneLoader.load(Path.of("scenes/double-spend.yaml"));
        // Built past the loader on purpose: an id longer than the account column makes the INSERT fail.
        String longId = "a".repeat(100);
        LedgerScene broken = new LedgerScene(valid.id(), valid.title(), valid.file(),
                List.of(new Account(longId, 100, Constraint.NON_NEGATIVE), valid.accounts().get(1)),
                valid.transfers().stream().map(t -> new racelab.scenario.Transfer(t.id(), longId, t.to(), t.amount()))
                        .toList(),
                valid.mitigation(), valid.schedule(), valid.narration(), valid.notes());
        List<String> databasesBefore = OpenResources.openLabDatabases();
        Set<Thread> threadsBefore = OpenResources.liveThreads();

        for (int attempt = 0; attempt < 5; attempt++) {
            assertThatThrownBy(() -> LedgerEngine.open(broken)).isInstanceOf(SQLException.class);
        }

        assertThat(OpenResources.openLabDatabases()).isEqualTo(databasesBefore);
        assertThat(OpenResources.threadsStartedSince(threadsBefore)).isEmpty();
    }

    @Test
    void aRunThatFailsInsideTheEngineClosesWithIt() throws Exception {
        LedgerScene scene = LedgerSceneLoader.load(Path.of("scenes/double-spend.yaml"));
        List<String> databasesBefore = OpenResources.openLabDatabases();
        Set<Thread> threadsBefore = OpenResources.liveThreads();

        assertThatThrownBy(() -> {
            try (LedgerEngine engine = LedgerEngine.open(scene)) {
                assertThat(OpenResources.openLabDatabases()).hasSize(databasesBefore.size() + 1);
                engine.run("no-such-mitigation", scene.schedule());
            }
        }).isInstanceOf(IllegalArgumentException.class);

        assertThat(OpenResources.openLabDatabases()).isEqualTo(databasesBefore);
        assertThat(OpenResources.threadsStartedSince(threadsBefore)).isEmpty();
    }
}
