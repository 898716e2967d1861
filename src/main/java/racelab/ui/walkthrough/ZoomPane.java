package racelab.ui.walkthrough;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.Region;
import javafx.scene.transform.Scale;
import javafx.stage.Stage;
import racelab.walkthrough.WalkthroughPreferences;

/**
 * Presenter zoom for a whole window: the content is laid out at {@code size / zoom} and scaled by {@code zoom}, so
 * every control, text and picture grows together and nothing is cut off at 1280x720.
 */
public final class ZoomPane extends Region {

    /** Zoom steps people know from browsers. */
    static final double[] STEPS = {0.5, 0.67, 0.75, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0};

    private final Parent content;
    private final Scale scale = new Scale(1, 1, 0, 0);
    private final DoubleProperty zoom = new SimpleDoubleProperty(1.0);

    public ZoomPane(Parent content) {
        this.content = content;
        getChildren().add(content);
        content.getTransforms().add(scale);
        zoom.addListener((obs, old, now) -> {
            scale.setX(now.doubleValue());
            scale.setY(now.doubleValue());
            requestLayout();
        });
        getStyleClass().add("zoom-pane");
    }

    public DoubleProperty zoomProperty() {
        return zoom;
    }

    public Parent content() {
        return content;
    }

    public void zoomIn() {
        for (double step : STEPS) {
            if (step > zoom.get() + 1e-6) {
                zoom.set(step);
                return;
            }
        }
    }

    public void zoomOut() {
        for (int i = STEPS.length - 1; i >= 0; i--) {
            if (STEPS[i] < zoom.get() - 1e-6) {
                zoom.set(STEPS[i]);
                return;
            }
        }
    }

    @Override
    protected void layoutChildren() {
        double z = zoom.get();
        content.resizeRelocate(0, 0, getWidth() / z, getHeight() / z);
    }

    @Override
    protected double computePrefWidth(double height) {
        return content.prefWidth(-1) * zoom.get();
    }

    @Override
    protected double computePrefHeight(double width) {
        return content.prefHeight(-1) * zoom.get();
    }

    @Override
    protected double computeMinWidth(double height) {
        return 0;
    }

    @Override
    protected double computeMinHeight(double width) {
        return 0;
    }

    /**
     * Presenter keys on a window: Ctrl+plus / Ctrl+minus / Ctrl+0 zoom (remembered), F11 full screen. Installed as
     * an event filter so they work wherever the focus is, text fields included.
     */
    public static void installPresenterKeys(Scene scene, ZoomPane zoomPane, WalkthroughPreferences preferences) {
        installPresenterKeys(scene, zoomPane, preferences.zoom(), preferences::saveZoom);
    }

    /** The same keys for any window; {@code initialZoom} is the remembered zoom, {@code save} remembers a change. */
    public static void installPresenterKeys(Scene scene, ZoomPane zoomPane, double initialZoom,
            java.util.function.DoubleConsumer save) {
        zoomPane.zoomProperty().set(WalkthroughPreferences.clampZoom(initialZoom));
        zoomPane.zoomProperty().addListener((obs, old, now) -> save.accept(now.doubleValue()));
        KeyCombination in = new KeyCodeCombination(KeyCode.PLUS, KeyCombination.SHORTCUT_DOWN);
        KeyCombination inEquals = new KeyCodeCombination(KeyCode.EQUALS, KeyCombination.SHORTCUT_DOWN);
        KeyCombination inAdd = new KeyCodeCombination(KeyCode.ADD, KeyCombination.SHORTCUT_DOWN);
        KeyCombination out = new KeyCodeCombination(KeyCode.MINUS, KeyCombination.SHORTCUT_DOWN);
        KeyCombination outSubtract = new KeyCodeCombination(KeyCode.SUBTRACT, KeyCombination.SHORTCUT_DOWN);
        KeyCombination reset = new KeyCodeCombination(KeyCode.DIGIT0, KeyCombination.SHORTCUT_DOWN);
        KeyCombination resetNumpad = new KeyCodeCombination(KeyCode.NUMPAD0, KeyCombination.SHORTCUT_DOWN);
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (in.match(e) || inEquals.match(e) || inAdd.match(e)) {
                zoomPane.zoomIn();
            } else if (out.match(e) || outSubtract.match(e)) {
                zoomPane.zoomOut();
            } else if (reset.match(e) || resetNumpad.match(e)) {
                zoomPane.zoomProperty().set(1.0);
            } else if (e.getCode() == KeyCode.F11 && scene.getWindow() instanceof Stage) {
                Stage stage = (Stage) scene.getWindow();
                stage.setFullScreen(!stage.isFullScreen());
            } else {
                return;
            }
            e.consume();
        });
    }
}
