package racelab.ui.shell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Finds scene files and reads just enough of each (id, kind, title) to list it. */
public final class SceneFiles {

    private SceneFiles() {
    }

    /**
     * The scenes folder: {@code -Dracelab.scenes=DIR} when given, else {@code scenes/} in the working directory,
     * else {@code scenes/} next to the jar (the app image ships them there, so its launcher works from any folder),
     * else {@code scenes/} next to the folder holding the jar (so {@code java -jar target/ledger-lab.jar} works
     * from anywhere inside the project).
     */
    public static Path defaultDirectory() {
        String configured = System.getProperty("racelab.scenes");
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured);
        }
        Path local = Paths.get("scenes");
        if (Files.isDirectory(local)) {
            return local;
        }
        try {
            Path jar = Paths.get(SceneFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path besideJar = jar.getParent() == null ? null : jar.getParent().resolve("scenes");
            if (besideJar != null && Files.isDirectory(besideJar)) {
                return besideJar;
            }
            Path besideProject = jar.getParent() == null ? null : jar.getParent().resolveSibling("scenes");
            if (besideProject != null && Files.isDirectory(besideProject)) {
                return besideProject;
            }
        } catch (Exception e) {
            // No code source (unusual class loader): the working directory guess stands.
        }
        return local;
    }

    /** Every {@code .yaml}/{@code .yml} file directly in {@code directory}, sorted by file name. */
    public static List<SceneEntry> list(Path directory) {
        List<SceneEntry> entries = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return entries;
        }
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(SceneFiles::isSceneFile).sorted().forEach(file -> entries.add(read(file)));
        } catch (IOException e) {
            // An unreadable folder lists nothing; the library says so.
        }
        return entries;
    }

    static boolean isSceneFile(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml"));
    }

    /**
     * Reads the header of one file; never throws, a file without a readable kind gets an empty kind.
     *
     * <p>Only the top-level {@code id:}, {@code kind:} and {@code title:} lines are scanned, without a YAML
     * parser: listing the library is on the start-up path, and the loaders check everything when a scene opens.
     */
    public static SceneEntry read(Path file) {
        String name = file.getFileName().toString();
        String fallbackId = name.replaceFirst("\\.ya?ml$", "");
        Map<String, String> header = new java.util.HashMap<>();
        try {
            // The size-checked reader: a 7 MB file in the folder must not be read whole just to be listed.
            for (String line : racelab.scenario.YamlNode.readFile(file).split("\\R")) {
                java.util.regex.Matcher match = TOP_LEVEL_KEY.matcher(line);
                if (match.matches()) {
                    header.putIfAbsent(match.group(1), scalar(match.group(2)));
                }
            }
        } catch (racelab.scenario.SceneFormatException | RuntimeException e) {
            return new SceneEntry(file, fallbackId, "", name);
        }
        String kind = header.getOrDefault("kind", "");
        if (!kind.equals("ledger") && !kind.equals("log")) {
            kind = "";
        }
        String id = header.getOrDefault("id", "");
        String title = header.getOrDefault("title", "");
        return new SceneEntry(file, id.isEmpty() ? fallbackId : id, kind, title.isEmpty() ? name : title);
    }

    private static final java.util.regex.Pattern TOP_LEVEL_KEY =
            java.util.regex.Pattern.compile("^(id|kind|title):\\s*(.*?)\\s*$");

    /** A plain or quoted one-line scalar; block scalars and flow collections read as empty. */
    static String scalar(String raw) {
        String value = raw;
        if (value.startsWith("\"") && value.lastIndexOf('"') > 0) {
            return value.substring(1, value.lastIndexOf('"')).replace("\\\"", "\"");
        }
        if (value.startsWith("'") && value.lastIndexOf('\'') > 0) {
            return value.substring(1, value.lastIndexOf('\'')).replace("''", "'");
        }
        int comment = value.indexOf(" #");
        if (comment >= 0) {
            value = value.substring(0, comment).strip();
        }
        if (value.startsWith("|") || value.startsWith(">") || value.startsWith("[") || value.startsWith("{")) {
            return "";
        }
        return value;
    }
}
