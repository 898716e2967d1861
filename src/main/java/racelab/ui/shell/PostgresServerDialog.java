package racelab.ui.shell;

import java.io.IOException;
import java.io.UncheckedIOException;
import javafx.event.ActionEvent;
import javafx.fxml.FXMLLoader;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.stage.Window;
import racelab.ui.DatabaseSelection;

/**
 * "PostgreSQL server…": the embedded server or the user's own (JDBC URL, user, password), with a connection test;
 * the app's counterpart of {@code --jdbc-url URL --user U --password-env VAR}. Its content is
 * {@code PostgresServer.fxml}.
 */
public final class PostgresServerDialog {

    /** The button that applies the form. */
    public static final ButtonType USE = new ButtonType("Use this server", ButtonBar.ButtonData.OK_DONE);

    private PostgresServerDialog() {
    }

    public static Dialog<ButtonType> create(Window owner, DatabaseSelection database) {
        FXMLLoader loader = new FXMLLoader(PostgresServerDialog.class.getResource("PostgresServer.fxml"));
        loader.setClassLoader(PostgresServerDialog.class.getClassLoader());
        loader.setControllerFactory(type -> new PostgresServerController(database));
        Node content;
        try {
            content = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgresServer.fxml is part of the jar and cannot be read", e);
        }
        PostgresServerController controller = loader.getController();
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("PostgreSQL server");
        dialog.getDialogPane().setId("postgres-settings");
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().addAll(USE, ButtonType.CANCEL);
        // A wrong form keeps the dialog open with the reason under it.
        dialog.getDialogPane().lookupButton(USE).addEventFilter(ActionEvent.ACTION, event -> {
            if (!controller.apply()) {
                event.consume();
            }
        });
        return dialog;
    }
}
