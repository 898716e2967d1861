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
     * Shows {@code content} in a new window owned by {@code owner}, with the owner's style sheets.
     *
     * @param onClose called when the window closes, to cancel a running search
     */
    public static Stage show(Window owner, String title, Parent content, Runnable onClose) {
        Stage stage = new Stage();
        stage.setTitle(title + " — Ledger Race Lab");
        stage.initOwner(owner);
        Scene scene = new Scene(content, 1180, 760);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
        }
        stage.setScene(scene);
        stage.setOnHidden(e -> onClose.run());
        stage.show();
        return stage;
    }
}
