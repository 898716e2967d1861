package racelab.ui.shell;

import java.nio.file.Path;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import racelab.scenario.SceneFormatException;

/**
 * The main window's state: the scene library with its search, the theme, and what the content area shows (a
 * scene page, or the error of a scene that could not be opened).
 */
public final class ShellViewModel {

    private final SceneOpener opener;
    private final ObservableList<SceneEntry> entries = FXCollections.observableArrayList();
    private final FilteredList<SceneEntry> visible = new FilteredList<>(entries, entry -> true);
    private final StringProperty search = new SimpleStringProperty("");
    private final BooleanProperty dark = new SimpleBooleanProperty(false);
    private final ReadOnlyObjectWrapper<Path> openedFile = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Object> page = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<SceneFormatException> error = new ReadOnlyObjectWrapper<>();
    private final ObjectProperty<Path> directory = new SimpleObjectProperty<>();
    private final BooleanProperty comparing = new SimpleBooleanProperty(false);
    private final ObservableList<Path> recentFiles = FXCollections.observableArrayList();
    private final StringProperty notice = new SimpleStringProperty("");
    private java.util.function.Consumer<Path> folderRevealer = FolderRevealer::reveal;

    public ShellViewModel(SceneOpener opener, Path directory) {
        this.opener = opener;
        this.directory.set(directory);
        search.addListener((obs, old, now) -> visible.setPredicate(entry -> entry.matches(now)));
        refreshLibrary();
        comparing.addListener((obs, old, now) -> reopenPage());
    }

    //*************************************************************************
    // Properties                                                            //
    //*************************************************************************

    /** Library entries matching the search, sorted by file name. */
    public ObservableList<SceneEntry> visibleEntries() {
        return visible;
    }

    public List<SceneEntry> allEntries() {
        return List.copyOf(entries);
    }

    public StringProperty searchProperty() {
        return search;
    }

    /** Dark theme on or off. */
    public BooleanProperty darkProperty() {
        return dark;
    }

    /** Whether scenes open as the compare page (every fix side by side) instead of their workbench. */
    public BooleanProperty comparingProperty() {
        return comparing;
    }

    /** The file whose page or error is shown, or null on the welcome page. */
    public ReadOnlyObjectProperty<Path> openedFileProperty() {
        return openedFile.getReadOnlyProperty();
    }

    /** Scenes opened lately, most recent first; the app saves them in its preferences. */
    public ObservableList<Path> recentFiles() {
        return recentFiles;
    }

    /** The folder the library lists. */
    public Path directory() {
        return directory.get();
    }

    /** A short message for the user about the last file action (a refused drop, a folder that cannot be shown). */
    public StringProperty noticeProperty() {
        return notice;
    }

    /** How {@link #revealScenesFolder()} shows a folder; tests replace the desktop's file manager. */
    public void setFolderRevealer(java.util.function.Consumer<Path> revealer) {
        this.folderRevealer = revealer;
    }

    /** The open page's view model, or null. */
    public ReadOnlyObjectProperty<Object> pageProperty() {
        return page.getReadOnlyProperty();
    }

    /** Why the opened file could not be shown, or null. */
    public ReadOnlyObjectProperty<SceneFormatException> errorProperty() {
        return error.getReadOnlyProperty();
    }

    //*************************************************************************
    // Commands                                                              //
    //*************************************************************************

    public void refreshLibrary() {
        entries.setAll(SceneFiles.list(directory.get()));
    }

    /**
     * Opens a scene file: its page on success, else the error panel; never throws, because a trainer's broken
     * file must not take the app down.
     */
    public void open(Path chosen) {
        Path file = shortPath(chosen);
        openedFile.set(file);
        recentFiles.setAll(RecentFiles.afterOpening(recentFiles, file));
        SceneEntry entry = SceneFiles.read(file);
        try {
            if (entry.kind().isEmpty()) {
                // Let the kind's loader explain; without a readable kind, ask the ledger loader, which names the
                // missing or wrong 'kind' field precisely.
                page.set(openAs(file, guessKind(file)));
            } else {
                page.set(openAs(file, entry.kind()));
            }
            error.set(null);
        } catch (SceneFormatException e) {
            page.set(null);
            error.set(e);
        } catch (RuntimeException e) {
            page.set(null);
            error.set(new SceneFormatException(file.toString(), 1, 1, "cannot open this scene: " + e));
        }
    }

    /**
     * Opens the first scene file among files dropped onto the window; refuses (with a notice) when none is a scene.
     *
     * @return whether a file was opened
     */
    public boolean openDropped(List<Path> files) {
        for (Path file : files) {
            if (SceneFiles.isSceneFile(file) && java.nio.file.Files.isRegularFile(file)) {
                notice.set(files.size() > 1 ? "Opened " + file.getFileName() + " (the first scene file dropped)" : "");
                open(file);
                return true;
            }
        }
        notice.set("Not a scene: drop a .yaml or .yml scene file");
        return false;
    }

    /** Shows the scenes folder in the desktop's file manager; if that fails, the notice names the folder. */
    public void revealScenesFolder() {
        Path folder = directory.get().toAbsolutePath().normalize();
        try {
            folderRevealer.accept(folder);
            notice.set("");
        } catch (RuntimeException e) {
            notice.set("Cannot open a file manager here; the scenes folder is " + folder);
        }
    }

    /** Opens the same file again, e.g. after the trainer fixed it in an editor. */
    public void reopen() {
        Path file = openedFile.get();
        if (file != null) {
            refreshLibrary();
            open(file);
        }
    }

    private Object openAs(Path file, String kind) throws SceneFormatException {
        return comparing.get() ? opener.compare(file, kind) : opener.open(file, kind);
    }

    private void reopenPage() {
        if (openedFile.get() != null) {
            open(openedFile.get());
        }
    }

    /** Relative to the working directory when inside it, so messages and headers stay short. */
    static Path shortPath(Path file) {
        Path here = Path.of("").toAbsolutePath();
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(here) ? here.relativize(absolute) : file;
    }

    private static String guessKind(Path file) {
        try {
            String text = racelab.scenario.YamlNode.readFile(file);
            return text.matches("(?s).*\\bkind:\\s*log\\b.*") ? "log" : "ledger";
        } catch (SceneFormatException e) {
            // The ledger loader reports the same unreadable, oversized or non-UTF-8 file with its location.
            return "ledger";
        }
    }
}
