package racelab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import racelab.scenario.LedgerScene;
import racelab.scenario.LedgerSceneLoader;
import racelab.scenario.SceneFormatException;

/** Finds a ledger scene given on the command line as a path or as an id in {@code ./scenes}. */
final class SceneArguments {

    private SceneArguments() {
    }

    static LedgerScene load(String sceneArgument) throws UsageException {
        Path path = Path.of(sceneArgument);
        if (!Files.isRegularFile(path)) {
            Path byId = Path.of("scenes", sceneArgument + ".yaml");
            if (!Files.isRegularFile(byId)) {
                throw new UsageException("no scene file '" + sceneArgument + "' and no scene with that id in ./scenes");
            }
            path = byId;
        }
        try {
            return LedgerSceneLoader.load(path);
        } catch (SceneFormatException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }
}
