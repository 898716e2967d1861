package racelab.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.nio.file.Path;
import javafx.application.Application;
import javafx.scene.Scene;
import racelab.ui.shell.ShellView;
import racelab.ui.shell.ShellViewModel;

/** Builds the main window's scene graph with its theme; shared by the app, the UI tests and the snapshot command. */
public final class LabWindow {

    private static final String LAB_CSS = LabWindow.class.getResource("/racelab/ui/lab.css").toExternalForm();

    private final ShellViewModel model;
    private final ShellView view;
    private final Scene scene;
    private final racelab.ui.walkthrough.ZoomPane zoom;

    public LabWindow(LabPages pages, Path scenesDirectory, boolean dark, double widthPx, double heightPx) {
        model = new ShellViewModel(pages, scenesDirectory);
        model.darkProperty().set(dark);
        LedgerLabApp.mark("library read");
        applyTheme(dark);
        LedgerLabApp.mark("theme applied");
        view = new ShellView(model, pages::viewOf, pages.database());
        LedgerLabApp.mark("shell view built");
        // Presenter zoom scales the whole window (Ctrl+plus/minus/0, installed by the app).
        zoom = new racelab.ui.walkthrough.ZoomPane(view);
        scene = new Scene(zoom, widthPx, heightPx);
        scene.getStylesheets().add(LAB_CSS);
        model.darkProperty().addListener((obs, old, now) -> applyTheme(now));
    }

    public ShellViewModel model() {
        return model;
    }

    public ShellView view() {
        return view;
    }

    public Scene scene() {
        return scene;
    }

    /** The zoom of the whole window (1.0 = 100 %). */
    public racelab.ui.walkthrough.ZoomPane zoom() {
        return zoom;
    }

    /** AtlantaFX themes are user-agent stylesheets: switching one restyles every open window at once. */
    public static void applyTheme(boolean dark) {
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }
}
