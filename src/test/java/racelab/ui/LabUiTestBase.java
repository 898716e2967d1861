package racelab.ui;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.scene.Node;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;
import racelab.ui.ledger.LedgerWorkbenchViewModel;
import racelab.ui.shell.AppPreferences;

/**
 * Starts the real app (real H2 engine, the project's {@code scenes/}) headless, with its own preferences node and
 * animations off.
 *
 * <p>Subclasses declare {@code @Start void start(Stage stage) { launch(stage); }}.
 */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
abstract class LabUiTestBase {

    static {
        // Monocle's virtual screen defaults to 1280x800; the app's default window is larger.
        System.setProperty("headless.geometry", "1920x1200-32");
    }

    protected Stage stage;
    protected LedgerLabApp app;
    private Preferences preferencesNode;

    /** Called from each test class's own {@code @Start} method (TestFX looks for it on the test class only). */
    protected void launch(Stage stage) {
        Motion.setStepDuration(Duration.ZERO);
        this.stage = stage;
        preferencesNode = Preferences.userRoot().node("racelab/ui-test/" + UUID.randomUUID());
        app = new LedgerLabApp(new AppPreferences(preferencesNode), LabBackends.ledger(), LabBackends.log());
        app.start(stage);
        // TestFX reuses one stage for every test; a test that resized it must not change the next one's layout.
        stage.setWidth(1440);
        stage.setHeight(900);
    }

    /** After every window of the class is gone, so nothing writes to a removed node. */
    @AfterAll
    static void forgetPreferences() throws BackingStoreException {
        Preferences.userRoot().node("racelab/ui-test").removeNode();
    }

    protected AppPreferences preferences() {
        return new AppPreferences(preferencesNode);
    }

    /** The open ledger page, once its run is on screen. */
    protected LedgerWorkbenchViewModel ledgerPage() throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> {
            Object page = app.window().model().pageProperty().get();
            return page instanceof LedgerWorkbenchViewModel
                    && ((LedgerWorkbenchViewModel) page).pendingRunProperty().get() == null
                    && ((LedgerWorkbenchViewModel) page).runProperty().get() != null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        return (LedgerWorkbenchViewModel) app.window().model().pageProperty().get();
    }

    /** Waits until the run for the current schedule and mitigation is on screen. */
    protected void awaitRun(LedgerWorkbenchViewModel page) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> page.pendingRunProperty().get() == null && !page.runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    protected static <T extends Node> T find(FxRobot robot, String query) {
        return robot.lookup(query).query();
    }
}
