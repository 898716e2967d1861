package racelab.ui.replay;

import atlantafx.base.theme.Styles;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.shape.SVGPath;
import javafx.util.Duration;
import javafx.util.StringConverter;

/**
 * The replay bar: start, back, play/pause, forward, end, a scrubber and the speed.
 *
 * <p>The view owns the play clock (a {@link Timeline} firing {@link ReplayCursor#forward()}), so the view
 * model stays free of the toolkit. Keyboard shortcuts are installed on whatever node hosts the replay through
 * {@link #installShortcuts(Node)}.
 */
public final class ReplayControlsView extends HBox {

    // Drawn as paths rather than font glyphs: media symbols are missing from many fonts, headless ones included.
    private static final String PLAY_ICON = "M4 2 L14 8 L4 14 Z";
    private static final String PAUSE_ICON = "M3 2 H7 V14 H3 Z M9 2 H13 V14 H9 Z";
    private static final String FORWARD_ICON = "M2 2 L10 8 L2 14 Z M11 2 H14 V14 H11 Z";
    private static final String BACK_ICON = "M14 2 L6 8 L14 14 Z M2 2 H5 V14 H2 Z";
    private static final String START_ICON = "M2 2 H4 V14 H2 Z M9.5 2 L4 8 L9.5 14 Z M15.5 2 L10 8 L15.5 14 Z";
    private static final String END_ICON = "M0.5 2 L6 8 L0.5 14 Z M6.5 2 L12 8 L6.5 14 Z M12 2 H14 V14 H12 Z";

    private final ReplayCursor model;
    private final Timeline clock = new Timeline();

    public ReplayControlsView(ReplayCursor model) {
        this.model = model;
        getStyleClass().add("replay-controls");
        setAlignment(Pos.CENTER_LEFT);
        setSpacing(6);

        Button start = iconButton(START_ICON, "Jump to start (Home)", "replay-start");
        start.setOnAction(e -> model.toStart());
        start.disableProperty().bind(model.atStartBinding());
        Button back = iconButton(BACK_ICON, "Step back (Left)", "replay-back");
        back.setOnAction(e -> model.back());
        back.disableProperty().bind(model.atStartBinding());
        Button play = iconButton(PLAY_ICON, "Play / pause (Space)", "replay-play");
        play.graphicProperty().bind(Bindings.when(model.playingProperty()).then(icon(PAUSE_ICON))
                .otherwise(icon(PLAY_ICON)));
        play.setOnAction(e -> model.togglePlaying());
        play.disableProperty().bind(model.sizeProperty().isEqualTo(0));
        play.getStyleClass().add(Styles.ACCENT);
        Button forward = iconButton(FORWARD_ICON, "Step forward (Right)", "replay-forward");
        forward.setOnAction(e -> model.forward());
        forward.disableProperty().bind(model.atEndBinding());
        Button end = iconButton(END_ICON, "Jump to end (End)", "replay-end");
        end.setOnAction(e -> model.toEnd());
        end.disableProperty().bind(model.atEndBinding());

        Slider scrubber = new Slider(0, 1, 0);
        scrubber.setId("replay-scrubber");
        scrubber.setMajorTickUnit(1);
        scrubber.setMinorTickCount(0);
        scrubber.setSnapToTicks(true);
        scrubber.setBlockIncrement(1);
        scrubber.setFocusTraversable(false);
        scrubber.maxProperty().bind(model.sizeProperty());
        scrubber.setTooltip(new Tooltip("Drag to any step"));
        scrubber.valueProperty().addListener((obs, old, now) -> {
            int wanted = (int) Math.round(now.doubleValue());
            if (wanted != model.getPosition()) {
                model.positionProperty().set(wanted);
            }
        });
        model.positionProperty().addListener((obs, old, now) -> scrubber.setValue(now.doubleValue()));
        HBox.setHgrow(scrubber, Priority.ALWAYS);
        scrubber.setMaxWidth(Double.MAX_VALUE);

        Label counter = new Label();
        counter.setId("replay-counter");
        counter.setMinWidth(96);
        counter.textProperty().bind(Bindings.createStringBinding(
                () -> "step " + model.getPosition() + " / " + model.sizeProperty().get(),
                model.positionProperty(), model.sizeProperty()));

        ComboBox<Double> speed = new ComboBox<>();
        speed.setId("replay-speed");
        speed.getItems().setAll(ReplayViewModel.SPEEDS_STEPS_PER_SECOND);
        speed.setValue(model.speedStepsPerSecondProperty().get());
        speed.setConverter(new StringConverter<>() {
            @Override
            public String toString(Double value) {
                return value == null ? "" : (value < 1 ? "½" : String.valueOf(value.intValue())) + " step/s";
            }

            @Override
            public Double fromString(String text) {
                return null;
            }
        });
        speed.setTooltip(new Tooltip("Replay speed"));
        speed.setFocusTraversable(false);
        speed.valueProperty().addListener((obs, old, now) -> {
            if (now != null) {
                model.speedStepsPerSecondProperty().set(now);
            }
        });

        getChildren().addAll(start, back, play, forward, end, scrubber, counter, speed);

        clock.setCycleCount(Timeline.INDEFINITE);
        model.playingProperty().addListener((obs, old, now) -> updateClock());
        model.speedStepsPerSecondProperty().addListener((obs, old, now) -> updateClock());
    }

    /**
     * Left/Right step, Space plays or pauses, Home/End jump, wherever the focus is in the window while
     * {@code host} is on screen (the library keeps the focus after a scene is picked). Ignored while a text field
     * has the focus, so typing in the search box is never hijacked.
     */
    public void installShortcuts(Node host) {
        javafx.event.EventHandler<KeyEvent> filter = this::onKey;
        host.sceneProperty().addListener((obs, old, now) -> {
            if (old != null) {
                old.removeEventFilter(KeyEvent.KEY_PRESSED, filter);
            }
            if (now != null) {
                now.addEventFilter(KeyEvent.KEY_PRESSED, filter);
            }
        });
        if (host.getScene() != null) {
            host.getScene().addEventFilter(KeyEvent.KEY_PRESSED, filter);
        }
    }

    private void onKey(KeyEvent event) {
        Node focus = getScene() == null ? null : getScene().getFocusOwner();
        if (focus instanceof javafx.scene.control.TextInputControl) {
            return;
        }
        KeyCode code = event.getCode();
        boolean handled = true;
        if (code == KeyCode.RIGHT) {
            model.forward();
        } else if (code == KeyCode.LEFT) {
            model.back();
        } else if (code == KeyCode.SPACE) {
            model.togglePlaying();
        } else if (code == KeyCode.HOME) {
            model.toStart();
        } else if (code == KeyCode.END) {
            model.toEnd();
        } else {
            handled = false;
        }
        if (handled) {
            event.consume();
        }
    }

    private void updateClock() {
        clock.stop();
        if (!model.playingProperty().get()) {
            return;
        }
        double stepsPerSecond = Math.max(0.1, model.speedStepsPerSecondProperty().get());
        clock.getKeyFrames().setAll(new KeyFrame(Duration.seconds(1 / stepsPerSecond), e -> {
            if (!model.forward()) {
                clock.stop();
            }
        }));
        clock.play();
    }

    private static Button iconButton(String svg, String tooltip, String id) {
        Button button = new Button();
        button.setGraphic(icon(svg));
        button.getStyleClass().add(Styles.BUTTON_ICON);
        button.setId(id);
        button.setTooltip(new Tooltip(tooltip));
        button.setFocusTraversable(false);
        button.setMinWidth(40);
        return button;
    }

    private static SVGPath icon(String svg) {
        SVGPath path = new SVGPath();
        path.setContent(svg);
        path.getStyleClass().add("icon");
        return path;
    }
}
