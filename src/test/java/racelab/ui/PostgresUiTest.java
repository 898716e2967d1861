package racelab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.prefs.Preferences;
import javafx.scene.control.ButtonBase;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import racelab.postgres.SharedPostgres;
import racelab.ui.compare.BackendCompareView;
import racelab.ui.ledger.LedgerWorkbenchView;
import racelab.ui.ledger.LedgerWorkbenchViewModel;
import racelab.ui.shell.AppPreferences;

/**
 * The header's database switch on the real app: the ledger page re-runs on PostgreSQL and names the server in its
 * verdict, and "H2 vs PostgreSQL" explains why write skew under serializable differs.
 */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
class PostgresUiTest {

    static {
        // Monocle's virtual screen defaults to 1280x800; the app's default window is larger.
        System.setProperty("headless.geometry", "1920x1200-32");
    }

    private LedgerLabApp app;

    @Start
    void start(Stage stage) {
        SharedPostgres.backend();
        Motion.setStepDuration(javafx.util.Duration.ZERO);
        Preferences node = Preferences.userRoot().node("racelab/ui-test-pg/" + UUID.randomUUID());
        app = new LedgerLabApp(new AppPreferences(node), LabBackends.ledger(new DatabaseSelection()),
                LabBackends.log());
        app.start(stage);
        stage.setWidth(1440);
        stage.setHeight(900);
    }

    @AfterAll
    static void forgetPreferences() throws Exception {
        Preferences.userRoot().node("racelab/ui-test-pg").removeNode();
    }

    @Test
    void switchingToPostgresReRunsTheSceneThereAndTheVerdictNamesTheServer(FxRobot robot) throws Exception {
        robot.interact(() -> app.window().model().open(Path.of("scenes/write-skew.yaml")));
        LedgerWorkbenchViewModel page = awaitPage();
        robot.interact(() -> page.mitigationProperty().set("serializable"));
        awaitRunOn(page, "h2");
        assertThat(page.verdictProperty().get()).isEqualTo("violated");
        assertThat(robot.lookup("#verdict-database").queryLabeled().getText()).startsWith("on H2 2.");

        robot.interact(() -> ((ButtonBase) robot.lookup("#database-postgres").query()).fire());
        awaitRunOn(page, "postgres");
        assertThat(page.verdictProperty().get()).as("SSI aborts the write skew").isEqualTo("safe");
        assertThat(robot.lookup("#verdict-database").queryLabeled().getText()).startsWith("on PostgreSQL 17.");
        assertThat(robot.lookup("#database-status").queryLabeled().getText()).startsWith("PostgreSQL 17.");

        AtomicReference<BackendCompareView> versus = new AtomicReference<>();
        robot.interact(() -> versus.set(((LedgerWorkbenchView) robot.lookup("#ledger-workbench").query())
                .showBackendCompare()));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> versus.get().done());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(versus.get().differencesText()).contains("SERIALIZABLE differs").contains("SSI");
        assertThat(robot.lookup("#backend-outcome-h2").queryLabeled().getText()).isEqualTo("violated");
        assertThat(robot.lookup("#backend-outcome-postgres").queryLabeled().getText()).startsWith("safe");

        robot.interact(() -> ((ButtonBase) robot.lookup("#database-h2").query()).fire());
        awaitRunOn(page, "h2");
        assertThat(page.verdictProperty().get()).isEqualTo("violated");
    }

    private LedgerWorkbenchViewModel awaitPage() throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> app.window().model().pageProperty().get() instanceof LedgerWorkbenchViewModel);
        return (LedgerWorkbenchViewModel) app.window().model().pageProperty().get();
    }

    private static void awaitRunOn(LedgerWorkbenchViewModel page, String backend) throws Exception {
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> page.pendingRunProperty().get() == null
                && !page.runningProperty().get() && page.runProperty().get() != null
                && page.runProperty().get().database().backend().equals(backend)
                && page.runProperty().get().mitigation().equals("serializable"));
        WaitForAsyncUtils.waitForFxEvents();
    }
}
