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
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** Finds scene files and reads just enough of each (id, kind, title) to list it. */
public final class SceneFiles {

    private SceneFiles() {
    }

    /**
     * The scenes folder: {@code -Dracelab.scenes=DIR} when given, else {@code scenes/} in the working directory,
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

    /** Reads the header of one file; never throws, a broken file gets an empty kind. */
    public static SceneEntry read(Path file) {
        String name = file.getFileName().toString();
        String fallbackId = name.replaceFirst("\\.ya?ml$", "");
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Object document = new Load(LoadSettings.builder().build()).loadFromString(text);
            if (!(document instanceof Map)) {
                return new SceneEntry(file, fallbackId, "", name);
            }
            Map<?, ?> map = (Map<?, ?>) document;
            String id = text(map.get("id"), fallbackId);
            String kind = text(map.get("kind"), "");
            if (!kind.equals("ledger") && !kind.equals("log")) {
                kind = "";
            }
            return new SceneEntry(file, id, kind, text(map.get("title"), name));
        } catch (IOException | RuntimeException e) {
            return new SceneEntry(file, fallbackId, "", name);
        }
    }

    private static String text(Object value, String fallback) {
        return value == null || value instanceof Map || value instanceof List ? fallback : value.toString();
    }
}
