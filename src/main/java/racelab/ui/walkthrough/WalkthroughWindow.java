package racelab.ui.walkthrough;

import java.nio.file.Path;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.stage.Stage;
import javafx.stage.Window;
import racelab.scenario.SceneFormatException;
import racelab.ui.ledger.LedgerBackend;
import racelab.ui.logview.LogBackend;
import racelab.walkthrough.Walkthrough;
import racelab.walkthrough.WalkthroughLoader;
import racelab.walkthrough.WalkthroughPreferences;

/** A walkthrough in a window of its own, with presenter zoom and full screen; shared by the app and the tests. */
public final class WalkthroughWindow {

    private static final String LAB_CSS = WalkthroughWindow.class.getResource("/racelab/ui/lab.css").toExternalForm();

    private final WalkthroughView view;
    private final ZoomPane zoom;
    private final Scene scene;

    public WalkthroughWindow(Walkthrough walkthrough, WalkthroughPreferences preferences, LedgerBackend ledger,
            LogBackend log, double widthPx, double heightPx) {
        view = new WalkthroughView(new WalkthroughViewModel(walkthrough, preferences), ledger, log);
        zoom = new ZoomPane(view);
        scene = new Scene(zoom, widthPx, heightPx);
        scene.getStylesheets().add(LAB_CSS);
        ZoomPane.installPresenterKeys(scene, zoom, preferences);
        view.installKeys(scene);
    }

    public WalkthroughView view() {
        return view;
    }

    public ZoomPane zoom() {
        return zoom;
    }

    public Scene scene() {
        return scene;
    }

    /**
     * Loads a walkthrough file and opens it in a new window; a broken file shows its {@code file:line:column}
     * message instead, never a stack trace.
     */
    public static Stage open(Window owner, Path file, Path scenesDirectory, LedgerBackend ledger, LogBackend log) {
        Walkthrough walkthrough;
        try {
            walkthrough = WalkthroughLoader.load(file, scenesDirectory);
        } catch (SceneFormatException e) {
            Alert alert = new Alert(Alert.AlertType.ERROR, e.getMessage());
            alert.setHeaderText("This walkthrough cannot be opened");
            alert.initOwner(owner);
            alert.show();
            return null;
        }
        WalkthroughWindow window = new WalkthroughWindow(walkthrough, WalkthroughPreferences.user(), ledger, log,
                1280, 760);
        Stage stage = new Stage();
        stage.setTitle(walkthrough.title() + " — Ledger Race Lab walkthrough");
        stage.initOwner(owner);
        stage.setScene(window.scene());
        stage.setFullScreenExitHint("F11 or Esc leaves full screen");
        stage.show();
        window.view().requestFocus();
        return stage;
    }
}
