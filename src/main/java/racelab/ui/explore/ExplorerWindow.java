package racelab.ui.explore;

import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * A search page in a window of its own (like the benchmark page), so the page it was opened from stays visible and
 * a found schedule can be watched on its timeline. Closing the window cancels the search.
 */
public final class ExplorerWindow {

    private ExplorerWindow() {
    }

    /**
     * Shows {@code content} in a new window owned by {@code host}'s window, with its style sheets; the window
     * closes when {@code host} leaves the screen (another scene was opened), since it acts on that page.
     *
     * @param onClose called when the window closes, to cancel a running search
     */
    public static Stage show(javafx.scene.Node host, String title, Parent content, Runnable onClose) {
        Window owner = host.getScene() == null ? null : host.getScene().getWindow();
        Stage stage = new Stage();
        stage.setTitle(title + " — Ledger Race Lab");
        stage.initOwner(owner);
        Scene scene = new Scene(content, 1180, 760);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
        }
        stage.setScene(scene);
        stage.setOnHidden(e -> onClose.run());
        host.sceneProperty().addListener((obs, old, now) -> {
            if (now == null) {
                stage.hide();
            }
        });
        stage.show();
        return stage;
    }

    /**
     * Runs {@code action} when {@code key} is pressed anywhere in the window that shows {@code host} (also when the
     * focus is in the scene library), for as long as {@code host} is on screen.
     */
    public static void installShortcut(javafx.scene.Node host, javafx.scene.input.KeyCombination key, Runnable action) {
        javafx.event.EventHandler<javafx.scene.input.KeyEvent> filter = event -> {
            if (key.match(event)) {
                action.run();
                event.consume();
            }
        };
        host.sceneProperty().addListener((obs, old, now) -> {
            if (old != null) {
                old.removeEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, filter);
            }
            if (now != null) {
                now.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, filter);
            }
        });
        if (host.getScene() != null) {
            host.getScene().addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, filter);
        }
    }
}
