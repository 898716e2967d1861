package racelab.ui.walkthrough;

import java.nio.file.Path;
import java.util.UUID;
import java.util.prefs.Preferences;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import racelab.ui.LabBackends;
import racelab.ui.Motion;
import racelab.walkthrough.Walkthrough;
import racelab.walkthrough.WalkthroughLoader;
import racelab.walkthrough.WalkthroughPreferences;

/**
 * The walkthrough window on the real engines, headless, at the presenter size of 1280x720, with preferences of its
 * own per test (a node under {@link #PREFERENCES_ROOT}, removed after the class). Subclasses declare
 * {@code @Start void start(Stage stage) { prepare(stage); }}.
 */
@Tag("ui")
@ExtendWith(ApplicationExtension.class)
abstract class WalkthroughUiTestBase {

    static {
        System.setProperty("headless.geometry", "1920x1200-32");
    }

    static final String Q1 = "scenes/walkthroughs/q1-ledger-races.yaml";
    static final String Q2 = "scenes/walkthroughs/q2-lost-writes.yaml";
    private static final String PREFERENCES_ROOT = "racelab/ui-test-walkthrough";

    Stage stage;
    /** This test's preferences. */
    Preferences node;

    /** Called from each test class's own {@code @Start} method (TestFX looks for it on the test class only). */
    void prepare(Stage stage) {
        Motion.setStepDuration(javafx.util.Duration.ZERO);
        racelab.ui.LabWindow.applyTheme(false);
        this.stage = stage;
        node = Preferences.userRoot().node(PREFERENCES_ROOT + "/" + UUID.randomUUID());
    }

    @AfterAll
    static void forget() throws Exception {
        Preferences.userRoot().node(PREFERENCES_ROOT).removeNode();
    }

    /** Opens the walkthrough {@code file} in the test's stage at 1280x720, focused. */
    WalkthroughWindow open(FxRobot robot, String file) throws Exception {
        Walkthrough walkthrough = WalkthroughLoader.load(Path.of(file), Path.of("scenes"));
        WalkthroughWindow[] window = new WalkthroughWindow[1];
        robot.interact(() -> {
            window[0] = new WalkthroughWindow(walkthrough, new WalkthroughPreferences(node), LabBackends.ledger(),
                    LabBackends.log(), 1280, 720);
            stage.setScene(window[0].scene());
            stage.setWidth(1280);
            stage.setHeight(720);
            stage.show();
            window[0].view().requestFocus();
        });
        return window[0];
    }
}
