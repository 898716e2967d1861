package racelab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import racelab.scenario.LedgerScene;
import racelab.scenario.LedgerSceneLoader;
import racelab.scenario.SceneFormatException;

/**
 * Finds the scene a command was given: a path to a file, or the id of a scene in {@code ./scenes}.
 *
 * <p>Every command resolves its scene argument here, so {@code run double-spend} and
 * {@code explore double-spend} accept the same words.
 */
public final class SceneArguments {

    /** ./scenes, or the scenes shipped next to the jar (app image), or -Dracelab.scenes. */
    private static Path scenes() {
        return racelab.ui.shell.SceneFiles.defaultDirectory();
    }

    /** The help text of every SCENE parameter. */
    public static final String DESCRIPTION = "A scene file, or the id of a scene in ./scenes, such as double-spend.";

    private SceneArguments() {
    }

    /** The file for a path or a scene id; a clear usage error naming the known ids when neither exists. */
    public static Path resolve(String sceneArgument) throws UsageException {
        Path path = Path.of(sceneArgument);
        if (Files.isRegularFile(path)) {
            return path;
        }
        Path byId = scenes().resolve(sceneArgument + ".yaml");
        if (Files.isRegularFile(byId)) {
            return byId;
        }
        List<String> ids = knownIds();
        throw new UsageException("no scene file '" + sceneArgument + "' and no scene with that id in ./scenes"
                + (ids.isEmpty() ? "" : " (known ids: " + String.join(", ", ids) + ")"));
    }

    /** Resolves and loads a ledger scene; format errors keep their {@code file:line:column} message. */
    static LedgerScene load(String sceneArgument) throws UsageException {
        try {
            return LedgerSceneLoader.load(resolve(sceneArgument));
        } catch (SceneFormatException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    private static List<String> knownIds() {
        if (!Files.isDirectory(scenes())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(scenes())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length())).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            return List.of();
        }
    }
}
