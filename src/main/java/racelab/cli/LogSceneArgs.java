package racelab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;
import racelab.logsim.config.LogSettings;
import racelab.logsim.config.SettingException;
import racelab.logsim.scene.LogScene;
import racelab.logsim.scene.LogSceneLoader;
import racelab.scenario.SceneFormatException;

/**
 * What the log commands share, as a picocli mixin: one scene and repeated {@code --set name=value}, each setting
 * checked against Kafka's own validation ({@link LogSettings#checkValue}) while parsing.
 */
public final class LogSceneArgs {

    @Parameters(index = "0", paramLabel = "SCENE", description = "A log scene file, or the id of a scene in ./scenes, "
            + "such as f9-power-cut-no-fsync.")
    String scene;

    @Option(names = "--set", paramLabel = "NAME=VALUE", converter = SettingAssignment.class,
            description = "Override one setting of the scene (Kafka's config names), repeatable: "
                    + "--set acks=all --set min.insync.replicas=2.")
    List<Map.Entry<String, String>> settings = new ArrayList<>();

    /** The {@code --set} overrides in the order given; a later one wins. */
    Map<String, String> overrides() {
        Map<String, String> overrides = new LinkedHashMap<>();
        settings.forEach(entry -> overrides.put(entry.getKey(), entry.getValue()));
        return overrides;
    }

    /** Loads the scene; a broken file keeps its {@code file:line:column} message. */
    LogScene load() throws UsageException {
        return scene(scene);
    }

    /** A path to a scene file, or the id of a scene in ./scenes. */
    static LogScene scene(String nameOrPath) throws UsageException {
        try {
            return LogSceneLoader.load(SceneArguments.resolve(nameOrPath));
        } catch (SceneFormatException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /** The ids of the log scenes in ./scenes. */
    static List<String> knownIds() {
        List<String> ids = new ArrayList<>();
        Path dir = racelab.ui.shell.SceneFiles.defaultDirectory();
        if (!Files.isDirectory(dir)) {
            return ids;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().forEach(n -> {
                try {
                    if (racelab.scenario.YamlNode.readFile(dir.resolve(n)).contains("kind: log")) {
                        ids.add(n.substring(0, n.length() - 5));
                    }
                } catch (SceneFormatException e) {
                    // unreadable files are simply not listed
                }
            });
        } catch (java.io.IOException e) {
            return ids;
        }
        return ids;
    }

    /** {@code name=value}, with the value checked by the simulator's ConfigDef-style validation. */
    public static final class SettingAssignment implements ITypeConverter<Map.Entry<String, String>> {
        @Override
        public Map.Entry<String, String> convert(String assignment) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new TypeConversionException("expects name=value, found '" + assignment + "'");
            }
            String name = assignment.substring(0, eq).trim();
            String value = assignment.substring(eq + 1).trim();
            try {
                LogSettings.checkValue(name, value);
            } catch (SettingException e) {
                throw new TypeConversionException(e.getMessage());
            }
            return Map.entry(name, value);
        }
    }
}
