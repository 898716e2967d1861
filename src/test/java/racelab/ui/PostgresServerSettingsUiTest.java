package racelab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.prefs.Preferences;
import java.util.stream.Stream;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Labeled;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextInputControl;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import racelab.postgres.EmbeddedPostgresServer;
import racelab.postgres.SharedPostgres;
import racelab.ui.ledger.LedgerWorkbenchViewModel;
import racelab.ui.shell.AppPreferences;
import racelab.ui.shell.PostgresServerDialog;

/**
 * "Server…" next to the header's database switch: the user's own PostgreSQL server by URL, user and password, with a
 * connection test whose errors are one line, used by the ledger page, remembered for the next start, and its password
 * never written to the settings. The embedded server plays the user's server here (reached by its URL like any
 * other); its trust authentication accepts any password, so a wrong login is shown with a role that does not exist.
 */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class PostgresServerSettingsUiTest {

    static {
        System.setProperty("headless.geometry", "1920x1200-32");
    }

    private static final String NODE = "racelab/ui-test-pg-settings";
    private LedgerLabApp app;
    private Preferences node;
    private DatabaseSelection database;
    private String url;

    @Start
    void start(Stage stage) {
        SharedPostgres.backend();
        String embeddedUrl = EmbeddedPostgresServer.shared().jdbcUrl();
        url = embeddedUrl.substring(0, embeddedUrl.indexOf('?'));
        Motion.setStepDuration(javafx.util.Duration.ZERO);
        node = Preferences.userRoot().node(NODE + "/" + UUID.randomUUID());
        database = new DatabaseSelection();
        app = new LedgerLabApp(new AppPreferences(node), LabBackends.ledger(database), LabBackends.log());
        app.start(stage);
        stage.setWidth(1440);
        stage.setHeight(900);
    }

    @AfterAll
    static void forgetPreferences() throws Exception {
        Preferences.userRoot().node(NODE).removeNode();
    }

    @Test
    void theUsersServerIsTestedUsedAndRememberedButNotItsPassword(FxRobot robot) throws Exception {
        String secret = "pw-" + UUID.randomUUID();
        fire(robot, "#database-settings");
        javafx.scene.control.DialogPane dialog = awaitDialog(robot);
        robot.interact(() -> ((RadioButton) robot.lookup("#pg-external").query()).setSelected(true));

        // Refused before any connection: not a PostgreSQL URL, a password inside the URL.
        fill(robot, "http://localhost:5432/", "postgres", "");
        assertThat(testConnection(robot)).contains("must start with jdbc:postgresql:");
        fill(robot, url + "?password=" + secret, "postgres", "");
        assertThat(testConnection(robot)).contains("holds a password");

        // One line each: nothing listens on port 1; a role the server does not know.
        fill(robot, "jdbc:postgresql://127.0.0.1:1/postgres", "postgres", secret);
        String refused = testConnection(robot);
        assertThat(refused).startsWith("cannot use PostgreSQL at jdbc:postgresql://127.0.0.1:1/postgres: ")
                .contains("08001").doesNotContain("\n").doesNotContain(secret);
        String role = "nobody_" + UUID.randomUUID().toString().substring(0, 8);
        fill(robot, url, role, secret);
        assertThat(testConnection(robot)).contains("role \"" + role + "\" does not exist").contains("28000");

        fill(robot, url, "postgres", secret);
        assertThat(testConnection(robot)).startsWith("Connected: PostgreSQL 17.").endsWith(" at " + url);
        robot.interact(() -> ((Button) dialog.lookupButton(PostgresServerDialog.USE)).fire());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(dialog.getScene() == null || !dialog.getScene().getWindow().isShowing())
                .as("the dialog closed").isTrue();
        assertThat(database.serverProperty().get()).isEqualTo(PostgresServerSetting.external(url, "postgres"));

        // The ledger page runs there; the verdict names that server.
        robot.interact(() -> app.window().model().open(Path.of("scenes/write-skew.yaml")));
        LedgerWorkbenchViewModel page = awaitPage();
        robot.interact(() -> page.mitigationProperty().set("serializable"));
        fire(robot, "#database-postgres");
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> page.pendingRunProperty().get() == null
                && !page.runningProperty().get() && page.runProperty().get() != null
                && page.runProperty().get().database().backend().equals("postgres")
                && page.runProperty().get().mitigation().equals("serializable"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(page.verdictProperty().get()).as("SSI aborts the write skew").isEqualTo("safe");
        assertThat(robot.lookup("#verdict-database").queryLabeled().getText()).startsWith("on PostgreSQL 17.")
                .endsWith(" at " + url);

        // Remembered: a later start (a new selection read from the same settings) shows URL and user, no password.
        AppPreferences later = new AppPreferences(node);
        assertThat(later.postgresServer()).isEqualTo(PostgresServerSetting.external(url, "postgres"));
        DatabaseSelection nextRun = new DatabaseSelection();
        nextRun.useServer(later.postgresServer(), null);
        AtomicReference<Dialog<ButtonType>> reopened = new AtomicReference<>();
        robot.interact(() -> reopened.set(PostgresServerDialog.create(null, nextRun)));
        javafx.scene.Node form = reopened.get().getDialogPane().getContent();
        assertThat(((TextInputControl) form.lookup("#pg-url")).getText()).isEqualTo(url);
        assertThat(((TextInputControl) form.lookup("#pg-user")).getText()).isEqualTo("postgres");
        assertThat(((TextInputControl) form.lookup("#pg-password")).getText()).isEmpty();
        assertThat(((RadioButton) form.lookup("#pg-external")).isSelected()).isTrue();

        // The password is in no setting, and in no file of the preferences store.
        for (String key : node.keys()) {
            assertThat(node.get(key, "")).as("setting %s", key).doesNotContain(secret);
        }
        node.flush();
        assertThat(filesContaining(secret)).as("preference files holding the password").isEmpty();

        // A server that cannot be reached while the switch is on PostgreSQL: one red line, back on H2.
        robot.interact(() -> database.useServer(PostgresServerSetting.external(
                "jdbc:postgresql://127.0.0.1:1/postgres", "postgres"), null));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> database.choiceProperty().get() == DatabaseSelection.Choice.H2);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#database-status").queryLabeled().getText())
                .startsWith("cannot use PostgreSQL at jdbc:postgresql://127.0.0.1:1/postgres: ");
        assertThat(robot.lookup("#database-status").queryLabeled().getStyleClass()).contains("danger");
    }

    private static void fire(FxRobot robot, String id) {
        robot.interact(() -> ((ButtonBase) robot.lookup(id).query()).fire());
    }

    private static javafx.scene.control.DialogPane awaitDialog(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> robot.lookup("#postgres-settings").tryQuery().isPresent());
        return robot.lookup("#postgres-settings").query();
    }

    private static void fill(FxRobot robot, String url, String user, String password) {
        robot.interact(() -> {
            ((TextInputControl) robot.lookup("#pg-url").query()).setText(url);
            ((TextInputControl) robot.lookup("#pg-user").query()).setText(user);
            ((TextInputControl) robot.lookup("#pg-password").query()).setText(password);
        });
    }

    /** Presses "Test connection" and waits for its one-line answer. */
    private static String testConnection(FxRobot robot) throws Exception {
        robot.interact(() -> ((Labeled) robot.lookup("#pg-test-result").query()).setText(""));
        fire(robot, "#pg-test");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> {
            String text = ((Labeled) robot.lookup("#pg-test-result").query()).getText();
            return !text.isEmpty() && !text.startsWith("connecting");
        });
        WaitForAsyncUtils.waitForFxEvents();
        return ((Labeled) robot.lookup("#pg-test-result").query()).getText();
    }

    private LedgerWorkbenchViewModel awaitPage() throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> app.window().model().pageProperty().get() instanceof LedgerWorkbenchViewModel);
        return (LedgerWorkbenchViewModel) app.window().model().pageProperty().get();
    }

    /** Files of Java's user preferences store (FileSystemPreferences on Linux) that contain {@code text}. */
    private static List<Path> filesContaining(String text) throws IOException {
        Path store = Path.of(System.getProperty("java.util.prefs.userRoot", System.getProperty("user.home")),
                ".java", ".userPrefs");
        if (!Files.isDirectory(store)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(store)) {
            return files.filter(Files::isRegularFile).filter(file -> {
                try {
                    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).contains(text);
                } catch (IOException e) {
                    return false;
                }
            }).toList();
        }
    }
}
