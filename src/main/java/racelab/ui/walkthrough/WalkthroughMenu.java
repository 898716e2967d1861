package racelab.ui.walkthrough;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import racelab.ui.LabBackends;
import racelab.ui.shell.SceneFiles;

/** The shell's "Walkthroughs" menu: the shipped walkthroughs, and any walkthrough file on disk. */
public final class WalkthroughMenu {

    private WalkthroughMenu() {
    }

    /** Folder of the shipped walkthroughs: {@code walkthroughs/} inside the scene library. */
    public static Path directory() {
        return SceneFiles.defaultDirectory().resolve("walkthroughs");
    }

    public static MenuButton create(Supplier<Window> owner) {
        MenuButton menu = new MenuButton("Walkthroughs");
        menu.setId("open-walkthrough");
        menu.setTooltip(new Tooltip("Interview and training walkthroughs: predict, reveal, challenges, a report"));
        menu.setOnShowing(e -> {
            menu.getItems().clear();
            for (Path file : list()) {
                MenuItem item = new MenuItem(title(file));
                item.setOnAction(a -> open(owner.get(), file));
                menu.getItems().add(item);
            }
            if (!menu.getItems().isEmpty()) {
                menu.getItems().add(new SeparatorMenuItem());
            }
            MenuItem other = new MenuItem("Open walkthrough file…");
            other.setOnAction(a -> chooseFile(owner.get()));
            menu.getItems().add(other);
        });
        menu.getItems().add(new MenuItem("…"));
        return menu;
    }

    static void open(Window owner, Path file) {
        WalkthroughWindow.open(owner, file, SceneFiles.defaultDirectory(), LabBackends.ledger(), LabBackends.log());
    }

    private static void chooseFile(Window owner) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open a walkthrough");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Walkthroughs (*.yaml, *.yml)", "*.yaml",
                "*.yml"));
        if (Files.isDirectory(directory())) {
            chooser.setInitialDirectory(directory().toAbsolutePath().toFile());
        }
        File chosen = chooser.showOpenDialog(owner);
        if (chosen != null) {
            open(owner, chosen.toPath());
        }
    }

    static List<Path> list() {
        if (!Files.isDirectory(directory())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The file's title line, without a YAML parser (the loader checks everything when it opens). */
    private static String title(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(l -> l.startsWith("title:")).findFirst()
                    .map(l -> l.substring("title:".length()).trim().replaceAll("^\"|\"$", ""))
                    .orElse(file.getFileName().toString());
        } catch (IOException | RuntimeException e) {
            return file.getFileName().toString();
        }
    }
}
