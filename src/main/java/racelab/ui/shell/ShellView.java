package racelab.ui.shell;

import atlantafx.base.controls.CustomTextField;
import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.SVGPath;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * The main window: header with Open file, theme switch and About; the scene library on the left, grouped by
 * question and searchable; the open scene (or its error) in the middle.
 */
public final class ShellView extends BorderPane {

    private final ShellViewModel model;
    private final Function<Object, Node> pages;
    private final TreeView<Object> library = new TreeView<>();
    private final StackPane content = new StackPane();
    private HeaderController header;
    private boolean syncingSelection;
    private Object shownPage;
    private final racelab.ui.DatabaseSelection database;

    /**
     * @param pages makes the view of a page view model (ledger workbench, log cluster view)
     */
    public ShellView(ShellViewModel model, Function<Object, Node> pages) {
        this(model, pages, null);
    }

    /**
     * @param pages makes the view of a page view model (ledger workbench, log cluster view)
     * @param database the database switch for the ledger pages, shown in the header; null hides it (H2 only)
     */
    public ShellView(ShellViewModel model, Function<Object, Node> pages, racelab.ui.DatabaseSelection database) {
        this.model = model;
        this.pages = pages;
        this.database = database;
        setId("shell");
        setTop(header());
        acceptDroppedScenes();
        setLeft(libraryPane());
        content.setId("content");
        setCenter(content);
        model.pageProperty().addListener((obs, old, now) -> showContent());
        model.errorProperty().addListener((obs, old, now) -> showContent());
        model.openedFileProperty().addListener((obs, old, now) -> selectInLibrary(now));
        model.visibleEntries().addListener((ListChangeListener<SceneEntry>) change -> rebuildLibrary());
        rebuildLibrary();
        showContent();
    }

    /** The header from {@code Header.fxml}; features add their controls with {@link HeaderController#addTool}. */
    private HBox header() {
        header = HeaderController.load(model, new HeaderController.Actions() {
            @Override
            public void openFile() {
                chooseFile();
            }

            @Override
            public void measure() {
                showBenchWindow();
            }

            @Override
            public void about() {
                AboutDialog.create(window()).show();
            }
        });
        header.addTool(racelab.ui.walkthrough.WalkthroughMenu.create(this::window));
        if (database != null) {
            header.addTool(databaseSwitch());
        }
        header.recentMenu().setOnShowing(e -> fillRecentMenu(header.recentMenu()));
        fillRecentMenu(header.recentMenu());
        return header.view();
    }

    /**
     * H2 | PostgreSQL for the ledger page, compare and explorer: PostgreSQL starts (embedded) the first time it is
     * chosen, off the FX thread, with a spinner; the status under the switch names the server and its version.
     */
    private Node databaseSwitch() {
        javafx.scene.control.ToggleGroup group = new javafx.scene.control.ToggleGroup();
        javafx.scene.control.ToggleButton h2 = new javafx.scene.control.ToggleButton("H2");
        h2.setId("database-h2");
        h2.getStyleClass().add(Styles.LEFT_PILL);
        h2.setToggleGroup(group);
        javafx.scene.control.ToggleButton postgres = new javafx.scene.control.ToggleButton("PostgreSQL");
        postgres.setId("database-postgres");
        postgres.getStyleClass().add(Styles.RIGHT_PILL);
        postgres.setToggleGroup(group);
        group.selectToggle(database.choiceProperty().get() == racelab.ui.DatabaseSelection.Choice.H2 ? h2 : postgres);
        group.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) {
                group.selectToggle(old);
                return;
            }
            database.choiceProperty().set(now == h2 ? racelab.ui.DatabaseSelection.Choice.H2
                    : racelab.ui.DatabaseSelection.Choice.POSTGRES);
        });
        database.choiceProperty().addListener((obs, old, now) ->
                group.selectToggle(now == racelab.ui.DatabaseSelection.Choice.H2 ? h2 : postgres));
        javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip();
        tip.textProperty().bind(javafx.beans.binding.Bindings.concat("Ledger runs, compare and explorer on: ",
                database.statusProperty()));
        h2.setTooltip(tip);
        postgres.setTooltip(tip);
        javafx.scene.control.ProgressIndicator starting = new javafx.scene.control.ProgressIndicator();
        starting.setId("database-starting");
        starting.setPrefSize(16, 16);
        starting.setMaxSize(16, 16);
        starting.visibleProperty().bind(database.startingProperty());
        starting.managedProperty().bind(database.startingProperty());
        Label status = new Label();
        status.setId("database-status");
        status.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        status.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> database.errorProperty().get().isEmpty() ? database.statusProperty().get()
                        : database.errorProperty().get(), database.statusProperty(), database.errorProperty()));
        database.errorProperty().addListener((obs, old, now) -> {
            status.getStyleClass().remove(Styles.DANGER);
            if (!now.isEmpty()) {
                status.getStyleClass().add(Styles.DANGER);
            }
        });
        status.setMaxWidth(230);
        HBox buttons = new HBox(0, h2, postgres);
        Button settings = new Button("Server…");
        settings.setId("database-settings");
        settings.getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
        settings.setTooltip(new javafx.scene.control.Tooltip(
                "Which PostgreSQL server: the embedded one, or yours (JDBC URL, user, password)"));
        settings.setOnAction(e -> PostgresServerDialog.create(window(), database).show());
        HBox line = new HBox(6, buttons, settings, starting);
        line.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(1, line, status);
        box.setId("database-switch");
        box.setAlignment(Pos.CENTER_LEFT);
        // The compare page is rebuilt on the new database; the ledger page re-runs its own schedule.
        database.revisionProperty().addListener((obs, old, now) -> {
            if (model.comparingProperty().get()) {
                model.reopen();
            }
        });
        return box;
    }

    /** Recent scenes that still exist, then "Reveal scenes folder". */
    private void fillRecentMenu(javafx.scene.control.MenuButton menu) {
        menu.getItems().clear();
        for (Path file : model.recentFiles()) {
            if (!java.nio.file.Files.isRegularFile(file)) {
                continue;
            }
            SceneEntry entry = SceneFiles.read(file);
            javafx.scene.control.MenuItem item = new javafx.scene.control.MenuItem(entry.title() + "  ·  "
                    + file.getFileName());
            item.getStyleClass().add("recent-file");
            item.setOnAction(e -> model.open(file));
            menu.getItems().add(item);
        }
        if (menu.getItems().isEmpty()) {
            javafx.scene.control.MenuItem none = new javafx.scene.control.MenuItem("No recent scenes");
            none.setDisable(true);
            menu.getItems().add(none);
        }
        javafx.scene.control.MenuItem reveal = new javafx.scene.control.MenuItem("Reveal scenes folder");
        reveal.setId("reveal-scenes");
        reveal.setOnAction(e -> model.revealScenesFolder());
        menu.getItems().addAll(new javafx.scene.control.SeparatorMenuItem(), reveal);
    }

    /** Scene files dragged from the desktop onto the window open like Open file…; other files are refused. */
    private void acceptDroppedScenes() {
        setOnDragOver(event -> {
            if (event.getDragboard().hasFiles() && event.getDragboard().getFiles().stream()
                    .anyMatch(f -> SceneFiles.isSceneFile(f.toPath()))) {
                event.acceptTransferModes(javafx.scene.input.TransferMode.COPY_OR_MOVE);
            }
            event.consume();
        });
        setOnDragDropped(event -> {
            boolean opened = event.getDragboard().hasFiles() && dropFiles(event.getDragboard().getFiles());
            event.setDropCompleted(opened);
            event.consume();
        });
    }

    /** What a drop does with its files; package-private so tests can drop files without an OS drag gesture. */
    boolean dropFiles(List<File> files) {
        return model.openDropped(files.stream().map(File::toPath).toList());
    }

    private VBox libraryPane() {
        Label title = new Label("SCENES");
        title.getStyleClass().add("section-title");
        CustomTextField search = new CustomTextField();
        search.setId("library-search");
        search.setPromptText("Search scenes");
        SVGPath glass = new SVGPath();
        glass.setContent("M6.5 1 A5.5 5.5 0 1 0 6.5 12 A5.5 5.5 0 1 0 6.5 1 Z M6.5 2.6 A3.9 3.9 0 1 1 6.5 10.4 "
                + "A3.9 3.9 0 1 1 6.5 2.6 Z M10.2 9.6 L14.6 14 L13.4 15.2 L9 10.8 Z");
        glass.setStyle("-fx-fill: -color-fg-muted;");
        search.setLeft(glass);
        search.textProperty().bindBidirectional(model.searchProperty());

        library.setId("library");
        library.setShowRoot(false);
        library.setRoot(new TreeItem<>("scenes"));
        library.setCellFactory(tree -> new LibraryCell());
        library.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (!syncingSelection && now != null && now.getValue() instanceof SceneEntry) {
                model.open(((SceneEntry) now.getValue()).file());
            }
        });
        VBox.setVgrow(library, Priority.ALWAYS);
        Label notice = new Label();
        notice.setId("file-notice");
        notice.setWrapText(true);
        notice.getStyleClass().addAll(Styles.WARNING, Styles.TEXT_SMALL);
        notice.textProperty().bind(model.noticeProperty());
        notice.visibleProperty().bind(model.noticeProperty().isNotEmpty());
        notice.managedProperty().bind(notice.visibleProperty());
        VBox pane = new VBox(8, title, search, library, notice);
        pane.getStyleClass().add("library");
        pane.setPrefWidth(290);
        pane.setMinWidth(220);
        return pane;
    }

    private void rebuildLibrary() {
        Map<String, TreeItem<Object>> groups = new LinkedHashMap<>();
        for (String question : List.of(SceneEntry.QUESTION_1, SceneEntry.QUESTION_2, SceneEntry.UNREADABLE)) {
            TreeItem<Object> group = new TreeItem<>(question);
            group.setExpanded(true);
            groups.put(question, group);
        }
        for (SceneEntry entry : model.visibleEntries()) {
            groups.get(entry.question()).getChildren().add(new TreeItem<>(entry));
        }
        syncingSelection = true;
        library.getRoot().getChildren().clear();
        groups.values().stream().filter(group -> !group.getChildren().isEmpty())
                .forEach(group -> library.getRoot().getChildren().add(group));
        syncingSelection = false;
        selectInLibrary(model.openedFileProperty().get());
    }

    private void selectInLibrary(Path file) {
        syncingSelection = true;
        try {
            for (TreeItem<Object> group : library.getRoot().getChildren()) {
                for (TreeItem<Object> item : group.getChildren()) {
                    SceneEntry entry = (SceneEntry) item.getValue();
                    if (file != null && entry.file().toAbsolutePath().equals(file.toAbsolutePath())) {
                        library.getSelectionModel().select(item);
                        return;
                    }
                }
            }
            library.getSelectionModel().clearSelection();
        } finally {
            syncingSelection = false;
        }
    }

    private void showContent() {
        Object page = model.pageProperty().get();
        if (page != null && page == shownPage) {
            return;
        }
        shownPage = page;
        if (model.errorProperty().get() != null) {
            ErrorPanel panel = new ErrorPanel(model.errorProperty().get(), model::reopen, this::chooseFile);
            StackPane.setAlignment(panel, Pos.TOP_LEFT);
            content.getChildren().setAll(panel);
        } else if (model.pageProperty().get() != null) {
            content.getChildren().setAll(pages.apply(model.pageProperty().get()));
        } else {
            content.getChildren().setAll(welcome());
        }
    }

    private Node welcome() {
        Label title = new Label("Pick a scene on the left");
        title.getStyleClass().add(Styles.TITLE_2);
        Label text = new Label("Question 1 scenes race transfers on a real H2 database: drag steps on the timeline "
                + "and watch the balances. Question 2 scenes run a journal through a simulated Kafka cluster, "
                + "cut the power and count what was lost.");
        text.setWrapText(true);
        text.getStyleClass().add(Styles.TEXT_MUTED);
        Label empty = new Label(model.allEntries().isEmpty()
                ? "No scene files found in " + SceneFiles.defaultDirectory().toAbsolutePath()
                        + ". Use Open file… to pick one."
                : model.allEntries().size() + " scenes in the library.");
        empty.setWrapText(true);
        VBox box = new VBox(12, title, text, empty);
        box.setMaxWidth(620);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setId("welcome");
        return box;
    }

    private void chooseFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open a scene");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Scenes (*.yaml, *.yml)", "*.yaml", "*.yml"));
        File directory = SceneFiles.defaultDirectory().toFile();
        if (directory.isDirectory()) {
            chooser.setInitialDirectory(directory.getAbsoluteFile());
        }
        File chosen = chooser.showOpenDialog(window());
        if (chosen != null) {
            model.open(chosen.toPath());
        }
    }

    private javafx.stage.Stage benchStage;

    private Window window() {
        return getScene() == null ? null : getScene().getWindow();
    }

    /**
     * The benchmark page in a window of its own, so a long measurement never hides the scene being replayed; one
     * window, brought back to the front when asked for again, keeps its parameters and results.
     */
    private void showBenchWindow() {
        if (benchStage == null) {
            benchStage = new javafx.stage.Stage();
            benchStage.setTitle("Measure fixes — Ledger Race Lab");
            benchStage.initOwner(window());
            benchStage.setScene(new javafx.scene.Scene(racelab.ui.bench.BenchView.create(), 1280, 820));
        }
        benchStage.show();
        benchStage.toFront();
    }

    /** Group headers in small caps style, scenes as title plus file name. */
    private static final class LibraryCell extends TreeCell<Object> {
        @Override
        protected void updateItem(Object item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            if (item instanceof SceneEntry) {
                SceneEntry entry = (SceneEntry) item;
                Label title = new Label(entry.title());
                title.setWrapText(true);
                title.setMaxWidth(220);
                Label file = new Label(entry.file().getFileName().toString());
                file.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
                setText(null);
                setGraphic(new VBox(1, title, file));
            } else {
                Label group = new Label(item.toString());
                group.getStyleClass().addAll(Styles.TEXT_BOLD, Styles.TEXT_SMALL);
                setText(null);
                setGraphic(group);
            }
        }
    }
}
