package racelab.ui.shell;

import atlantafx.base.theme.Styles;
import javafx.application.Platform;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import racelab.ledger.DatabaseBackend;
import racelab.ui.DatabaseSelection;
import racelab.ui.PostgresServerSetting;

/**
 * The thin controller of {@code PostgresServer.fxml}: fills the form from the {@link DatabaseSelection}, tests a
 * connection off the FX thread and hands the chosen server back to it.
 */
public final class PostgresServerController {

    private final DatabaseSelection database;

    @FXML
    private RadioButton embedded;
    @FXML
    private RadioButton external;
    @FXML
    private GridPane form;
    @FXML
    private TextField url;
    @FXML
    private TextField user;
    @FXML
    private PasswordField password;
    @FXML
    private Button test;
    @FXML
    private ProgressIndicator testing;
    @FXML
    private Label result;
    /** Counts tests, so only the latest one shows its result. */
    private long tests;

    PostgresServerController(DatabaseSelection database) {
        this.database = database;
    }

    @FXML
    private void initialize() {
        PostgresServerSetting now = database.serverProperty().get();
        (now.embedded() ? embedded : external).setSelected(true);
        url.setText(now.url());
        user.setText(now.user());
        password.setText(database.sessionPassword() == null ? "" : database.sessionPassword());
        form.disableProperty().bind(embedded.selectedProperty());
        testing.managedProperty().bind(testing.visibleProperty());
    }

    /** The server as the form describes it (the password is not part of it). */
    PostgresServerSetting setting() {
        return new PostgresServerSetting(embedded.isSelected(), url.getText(), user.getText());
    }

    /** Connects once (or starts the embedded server) and says what answered, or why nothing did, in one line. */
    @FXML
    private void test() {
        PostgresServerSetting setting = setting();
        String problem = setting.problem();
        if (problem != null) {
            show(problem, false);
            return;
        }
        String secret = password.getText();
        long attempt = ++tests;
        testing.setVisible(true);
        test.setDisable(true);
        show(setting.connectingText(), null);
        Thread tester = new Thread(() -> {
            String text;
            boolean ok;
            try {
                DatabaseBackend backend = setting.open(secret);
                text = "Connected: " + backend.serverDescription();
                ok = true;
            } catch (RuntimeException e) {
                text = String.valueOf(e.getMessage());
                ok = false;
            }
            String shown = text;
            boolean worked = ok;
            Platform.runLater(() -> {
                if (attempt == tests) {
                    testing.setVisible(false);
                    test.setDisable(false);
                    show(shown, worked);
                }
            });
        }, "postgres-test-connection");
        tester.setDaemon(true);
        tester.start();
    }

    /**
     * Uses the form's server from now on, unless the form is wrong (then says why and returns false). The
     * connection itself is made when the switch is on PostgreSQL, with its errors under the switch.
     */
    boolean apply() {
        PostgresServerSetting setting = setting();
        String problem = setting.problem();
        if (problem != null) {
            show(problem, false);
            return false;
        }
        database.useServer(setting, setting.embedded() ? null : password.getText());
        return true;
    }

    private void show(String text, Boolean ok) {
        result.setText(text);
        result.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER);
        if (ok != null) {
            result.getStyleClass().add(ok ? Styles.SUCCESS : Styles.DANGER);
        }
    }
}
