package racelab.postgres;

import java.nio.file.Path;
import racelab.ledger.LedgerEngine;
import racelab.scenario.LedgerScene;
import racelab.scenario.LedgerSceneLoader;

/**
 * A child JVM for {@link EmbeddedShutdownTest}: says "launching", starts the embedded server, prints its
 * postmaster's pid, then replays a scene on it until the process is interrupted or killed, as a long command would.
 */
public final class RunsUntilInterrupted {

    private RunsUntilInterrupted() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("launching");
        System.out.flush();
        EmbeddedPostgresServer server = EmbeddedPostgresServer.shared();
        LedgerScene scene = LedgerSceneLoader.load(Path.of("scenes", "opposite-transfers-deadlock.yaml"));
        try (LedgerEngine engine = LedgerEngine.open(scene, new PostgresBackend(server))) {
            System.out.println("postmaster " + server.postmasterPid());
            System.out.flush();
            while (true) {
                engine.run("for-update-unordered", scene.schedule());
            }
        }
    }
}
