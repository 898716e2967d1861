package racelab.ui.shell;

import java.io.IOException;
import java.io.UncheckedIOException;
import javafx.fxml.FXMLLoader;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.stage.Window;

/** The About box: what the lab is for and what runs underneath; its content is {@code About.fxml}. */
public final class AboutDialog {

    private AboutDialog() {
    }

    public static Alert create(Window owner) {
        Alert alert = new Alert(Alert.AlertType.NONE, "", ButtonType.OK);
        alert.initOwner(owner);
        alert.setTitle("About Ledger Race Lab");
        alert.setHeaderText(null);
        alert.getDialogPane().setContent(content());
        alert.getDialogPane().setId("about-dialog");
        alert.getDialogPane().setMinWidth(620);
        return alert;
    }

    private static Node content() {
        FXMLLoader loader = new FXMLLoader(AboutDialog.class.getResource("About.fxml"));
        loader.setClassLoader(AboutDialog.class.getClassLoader());
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("About.fxml is part of the jar and cannot be read", e);
        }
    }
}
