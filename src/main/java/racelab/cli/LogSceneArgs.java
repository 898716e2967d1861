package racelab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import racelab.logsim.config.LogSettings;
import racelab.logsim.config.SettingException;
import racelab.logsim.scene.LogScene;
import racelab.logsim.scene.LogSceneLoader;
import racelab.scenario.SceneFormatException;

/** Shared argument handling of the log commands: scene lookup, {@code --set name=value}, numbers. */
final class LogSceneArgs {

    private LogSceneArgs() {
    }

    /** A path to a scene file, or the id of a scene in ./scenes. */
    static LogScene scene(String nameOrPath) throws UsageException {
        try {
            return LogSceneLoader.load(SceneArguments.resolve(nameOrPath));
        } catch (SceneFormatException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    static List<String> knownIds() {
        List<String> ids = new ArrayList<>();
        Path dir = Path.of("scenes");
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

    static void addSetting(Map<String, String> overrides, String assignment) throws UsageException {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new UsageException("--set expects name=value, found '" + assignment + "'");
        }
        String name = assignment.substring(0, eq).trim();
        String value = assignment.substring(eq + 1).trim();
        try {
            LogSettings.checkValue(name, value);
        } catch (SettingException e) {
            throw new UsageException(e.getMessage());
        }
        overrides.put(name, value);
    }

    static long number(String flag, String text) throws UsageException {
        try {
            return Long.parseLong(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " expects a whole number, found '" + text + "'");
        }
    }

    static String next(String[] args, int i, String flag) throws UsageException {
        if (i + 1 >= args.length) {
            throw new UsageException(flag + " needs a value");
        }
        return args[i + 1];
    }

    static Map<String, String> newOverrides() {
        return new LinkedHashMap<>();
    }

    /**
     * The words the log commands share, parsed once: one scene, {@code --seed N}, repeated {@code --set name=value},
     * {@code --json}, plus the command's own flags and single-valued options.
     *
     * @param scene the scene argument as given, not yet resolved
     * @param seed null when not given: the scene's own seed applies
     * @param options the command's own options that were given, name to value
     */
    record Parsed(String scene, Long seed, Map<String, String> overrides, boolean json, java.util.Set<String> flags,
            Map<String, String> options) {
    }

    /**
     * Parses a log command's arguments.
     *
     * @param ownFlags flags without a value this command accepts besides {@code --json}, e.g. {@code --fixed}
     * @param ownOptions options with one value this command accepts besides {@code --seed} and {@code --set}
     * @param missingScene the message when no scene is given
     */
    static Parsed parse(String[] args, java.util.Set<String> ownFlags, java.util.Set<String> ownOptions,
            String missingScene) throws UsageException {
        String sceneArg = null;
        Long seed = null;
        boolean json = false;
        Map<String, String> overrides = newOverrides();
        java.util.Set<String> flags = new java.util.HashSet<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--seed")) {
                seed = number("--seed", next(args, i++, "--seed"));
            } else if (arg.equals("--set")) {
                addSetting(overrides, next(args, i++, "--set"));
            } else if (arg.equals("--json")) {
                json = true;
            } else if (ownFlags.contains(arg)) {
                flags.add(arg);
            } else if (ownOptions.contains(arg)) {
                options.put(arg, next(args, i++, arg));
            } else if (arg.startsWith("--") || sceneArg != null) {
                throw new UsageException("unexpected argument '" + arg + "'");
            } else {
                sceneArg = arg;
            }
        }
        if (sceneArg == null) {
            throw new UsageException(missingScene);
        }
        return new Parsed(sceneArg, seed, overrides, json, flags, options);
    }
}
