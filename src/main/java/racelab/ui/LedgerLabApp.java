package racelab.ui;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import racelab.ui.ledger.LedgerBackend;
import racelab.ui.logview.LogBackend;
import racelab.ui.shell.AppPreferences;
import racelab.ui.shell.SceneFiles;

/**
 * The desktop app: the shell window, remembered size, theme and last scene.
 *
 * <p>With {@code -Dracelab.timing=true} it prints how long the JVM took from start to a shown, laid-out window.
 */
public final class LedgerLabApp extends Application {

    private final AppPreferences preferences;
    private final LedgerBackend ledger;
    private final LogBackend log;
    private LabWindow window;

    public LedgerLabApp() {
        this(AppPreferences.user(), LabBackends.ledger(new DatabaseSelection()), LabBackends.log());
    }

    public LedgerLabApp(AppPreferences preferences, LedgerBackend ledger, LogBackend log) {
        this.preferences = preferences;
        this.ledger = ledger;
        this.log = log;
    }

    @Override
    public void start(Stage stage) {
        mark("toolkit started");
        window = new LabWindow(new LabPages(ledger, log), SceneFiles.defaultDirectory(), preferences.dark(),
                preferences.widthPx(1440), preferences.heightPx(900));
        mark("window built");
        stage.setTitle("Ledger Race Lab");
        stage.setScene(window.scene());
        racelab.ui.walkthrough.ZoomPane.installPresenterKeys(window.scene(), window.zoom(), preferences.zoom(),
                preferences::saveZoom);
        stage.setMinWidth(960);
        stage.setMinHeight(600);
        stage.setMaximized(preferences.maximized());
        window.model().darkProperty().addListener((obs, old, now) -> {
            preferences.saveDark(now);
            preferences.flush();
        });
        DatabaseSelection database = ledger.database();
        if (database != null) {
            // The server chosen in an earlier run; a password was never kept: it is typed again, or read from ~/.pgpass.
            database.useServer(preferences.postgresServer(), null);
            database.serverProperty().addListener((obs, old, now) -> preferences.savePostgresServer(now));
        }
        window.model().recentFiles().setAll(preferences.recentScenes());
        window.model().recentFiles().addListener((javafx.collections.ListChangeListener<Path>) change -> {
            preferences.saveRecentScenes(window.model().recentFiles());
            preferences.flush();
        });
        window.model().openedFileProperty().addListener((obs, old, now) -> {
            preferences.saveLastScene(now);
            preferences.flush();
        });
        stage.setOnHiding(e -> {
            if (!stage.isMaximized()) {
                preferences.saveWindow(stage.getWidth(), stage.getHeight(), false);
            } else {
                preferences.saveWindow(preferences.widthPx(1440), preferences.heightPx(900), true);
            }
            preferences.flush();
        });
        stage.show();
        // The last scene opens right after the first frame, so the window is usable before the scene loads.
        Path last = preferences.lastScene();
        if (last != null && Files.isRegularFile(last)) {
            Platform.runLater(() -> window.model().open(last));
        }
        mark("stage shown");
        // Drawn after the first frame: the icon is not worth a millisecond of the time to a usable window.
        Platform.runLater(() -> stage.getIcons().add(racelab.ui.icon.AppIcon.image(64)));
        Platform.runLater(() -> mark("window usable"));
    }

    /** With {@code -Dracelab.timing=true}: milliseconds since the JVM started, for the start-up budget. */
    static void mark(String moment) {
        if (Boolean.getBoolean("racelab.timing")) {
            System.err.printf("racelab: %s %d ms after JVM start%n", moment,
                    System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime());
        }
    }

    /** Stops the embedded PostgreSQL server if the app started it (the shutdown hook would too, later). */
    @Override
    public void stop() {
        racelab.postgres.EmbeddedPostgresServer.stopShared();
    }

    /** The window, for tests. */
    public LabWindow window() {
        return window;
    }
}
