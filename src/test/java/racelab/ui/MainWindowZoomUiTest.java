package racelab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Presenter zoom of the main window: Ctrl+plus/minus/0 scale the whole shell and the zoom is remembered. */
class MainWindowZoomUiTest extends LabUiTestBase {

    @Start
    void start(Stage stage) {
        launch(stage);
    }

    @Test
    void ctrlPlusZoomsTheWholeWindowCtrlZeroResetsAndTheZoomIsRemembered(FxRobot robot) {
        assertThat(app.window().zoom().zoomProperty().get()).isEqualTo(1.0);
        robot.press(KeyCode.CONTROL).type(KeyCode.EQUALS).type(KeyCode.EQUALS).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(app.window().zoom().zoomProperty().get()).isEqualTo(1.25);
        assertThat(preferences().zoom()).isEqualTo(1.25);
        // The shell is laid out at the window's size divided by the zoom, then scaled back up: nothing is cut off.
        double width = app.window().scene().getWidth();
        assertThat(app.window().view().getWidth()).isCloseTo(width / 1.25, org.assertj.core.data.Offset.offset(1.0));
        assertThat(app.window().view().localToScene(app.window().view().getBoundsInLocal()).getWidth())
                .isCloseTo(width, org.assertj.core.data.Offset.offset(1.0));

        robot.press(KeyCode.CONTROL).type(KeyCode.MINUS).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(app.window().zoom().zoomProperty().get()).isEqualTo(1.1);
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT0).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(app.window().zoom().zoomProperty().get()).isEqualTo(1.0);
        assertThat(preferences().zoom()).isEqualTo(1.0);
    }
}
