package racelab.ui;

import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/** The desktop app. */
public final class LedgerLabApp extends Application {

    @Override
    public void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        StackPane root = new StackPane(new Label("Ledger Race Lab"));
        stage.setTitle("Ledger Race Lab");
        stage.setScene(new Scene(root, 1280, 800));
        stage.show();
    }
}
