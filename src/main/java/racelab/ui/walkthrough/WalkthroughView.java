package racelab.ui.walkthrough;

import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import racelab.ui.ledger.LedgerBackend;
import racelab.ui.logview.LogBackend;
import racelab.walkthrough.SessionReport;
import racelab.walkthrough.Stop;
import racelab.walkthrough.Walkthrough;

/**
 * A walkthrough on screen: the path and stop bar, the current {@link StopView}, and the interviewer's private
 * notes pane (follow-ups with model answers, notes), which hides with one key while screen-sharing.
 *
 * <p>Every action has a key, so a presenter can run a whole walkthrough without a mouse: PgDn/PgUp next and
 * previous stop, R reveal, H hint, 1–9 choose, P type a number, Right/Left/Home/End step the replay, N notes, S
 * show solution, Ctrl+E export the report; Ctrl+plus/minus/0 zoom and F11 full screen come from {@link ZoomPane}, and
 * Right/Left/Home/End/Space step the replay of a revealed ledger page through the page's own shortcuts.
 */
public final class WalkthroughView extends BorderPane {

    private static final ExecutorService RUNNER = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "walkthrough-runs");
        thread.setDaemon(true);
        return thread;
    });

    private final WalkthroughViewModel model;
    private final LedgerBackend ledger;
    private final LogBackend log;
    private final Map<String, StopView> stopViews = new HashMap<>();
    private final VBox notesPane = new VBox(8);
    private StopView shownStop;
    private boolean swallowNextTyped;
    private javafx.beans.binding.BooleanBinding followUpsShown;

    public WalkthroughView(WalkthroughViewModel model, LedgerBackend ledger, LogBackend log) {
        this.model = model;
        this.ledger = ledger;
        this.log = log;
        setId("walkthrough");
        getStyleClass().add("walkthrough");
        setTop(header());
        notesPane.setId("notes-pane");
        notesPane.getStyleClass().add("notes-pane");
        notesPane.setPrefWidth(300);
        notesPane.setMinWidth(260);
        notesPane.visibleProperty().bind(model.notesVisibleProperty());
        notesPane.managedProperty().bind(model.notesVisibleProperty());
        setRight(notesPane);
        setBottom(keyLegend());
        model.currentProperty().addListener((obs, old, now) -> show(old));
        show(null);
    }

    public WalkthroughViewModel model() {
        return model;
    }

    /** The view of the current stop. */
    StopView currentStopView() {
        return shownStop;
    }

    // ------------------------------------------------------------------ header

    private VBox header() {
        Label title = new Label(model.walkthrough().title());
        title.getStyleClass().add(Styles.TITLE_4);
        title.setId("walkthrough-title");
        title.setMinWidth(80);
        title.setTooltip(new Tooltip(model.walkthrough().title()));
        ComboBox<Walkthrough.Track> track = new ComboBox<>();
        track.setId("track-chooser");
        track.getItems().setAll(Walkthrough.Track.values());
        track.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Walkthrough.Track value) {
                if (value == null) {
                    return "";
                }
                return value == Walkthrough.Track.INTERVIEW
                        ? "Interview · " + model.walkthrough().minutes(value) + " min"
                        : "Class · " + model.walkthrough().minutes(value) + " min";
            }

            @Override
            public Walkthrough.Track fromString(String text) {
                return null;
            }
        });
        track.valueProperty().bindBidirectional(model.trackProperty());
        track.setFocusTraversable(false);
        track.setMinWidth(Region.USE_PREF_SIZE);
        Label position = new Label();
        position.setId("stop-position");
        position.getStyleClass().add(Styles.TEXT_BOLD);
        position.setMinWidth(Region.USE_PREF_SIZE);
        position.textProperty().bind(Bindings.createStringBinding(() -> {
            Stop stop = model.current() == null ? null : model.current().stop();
            return stop == null ? "" : "Stop " + (model.indexProperty().get() + 1) + " of " + model.path().size()
                    + "  ·  " + stop.minutes() + " min" + (stop.challenge() != null ? "  ·  challenge" : "");
        }, model.currentProperty(), model.indexProperty(), model.trackProperty()));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        ToggleSwitch interview = new ToggleSwitch("Interview mode");
        interview.setId("interview-switch");
        interview.selectedProperty().bindBidirectional(model.interviewModeProperty());
        interview.setTooltip(new Tooltip("Hide verdicts, outcomes, forensics and explanations until revealed"));
        interview.setFocusTraversable(false);
        interview.setMinWidth(Region.USE_PREF_SIZE);
        ToggleSwitch notes = new ToggleSwitch("Notes");
        notes.setId("notes-switch");
        notes.selectedProperty().bindBidirectional(model.notesVisibleProperty());
        notes.setTooltip(new Tooltip("The interviewer's private pane (N); hide it while sharing the screen"));
        notes.setFocusTraversable(false);
        notes.setMinWidth(Region.USE_PREF_SIZE);
        Button previous = button("◀", "previous-stop", "Previous stop (Page Up)", model::previous);
        Button reveal = button("Reveal (R)", "reveal", "Show the real run, check the prediction (R)", model::reveal);
        reveal.getStyleClass().add(Styles.ACCENT);
        Button next = button("▶", "next-stop", "Next stop (Page Down)", model::next);
        Button export = button("Report…", "export-report", "Session report as HTML or Markdown (Ctrl+E)",
                this::chooseExport);
        HBox top = new HBox(10, title, track, position, spacer, interview, notes, previous, reveal, next, export);
        top.setAlignment(Pos.CENTER_LEFT);
        VBox header = new VBox(top);
        header.getStyleClass().add("app-header");
        return header;
    }

    private static Button button(String text, String id, String tip, Runnable action) {
        Button button = new Button(text);
        button.setId(id);
        button.setTooltip(new Tooltip(tip));
        button.setFocusTraversable(false);
        button.setMinWidth(Region.USE_PREF_SIZE);
        button.setOnAction(e -> action.run());
        return button;
    }

    private Label keyLegend() {
        Label legend = new Label("PgDn next  ·  PgUp previous  ·  R reveal  ·  H hint  ·  1–9 choose  ·  P type  ·  "
                + "←/→ step  ·  S solution  ·  N notes  ·  Ctrl+E export  ·  Ctrl+± zoom  ·  F11 full screen");
        legend.setId("key-legend");
        legend.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL, "key-legend");
        legend.setMaxWidth(Double.MAX_VALUE);
        return legend;
    }

    // ------------------------------------------------------------------ stops

    private void show(StopState leaving) {
        if (leaving != null && shownStop != null && shownStop.state() == leaving) {
            byte[] picture = shownStop.capturePicture();
            if (picture != null) {
                leaving.setPicture(picture);
            }
        }
        StopState state = model.current();
        if (state == null) {
            setCenter(new Label("This path has no stops."));
            return;
        }
        shownStop = stopViews.computeIfAbsent(state.stop().id(),
                id -> new StopView(model, state, ledger, log, RUNNER));
        BorderPane.setMargin(shownStop, new Insets(10, 14, 6, 14));
        setCenter(shownStop);
        fillNotes(state);
        // Keys belong to the walkthrough after every move, not to whichever text field the scene focused next.
        requestFocus();
    }

    private void fillNotes(StopState state) {
        Stop stop = state.stop();
        notesPane.getChildren().clear();
        Label title = new Label("Interviewer notes (private)");
        title.getStyleClass().add(Styles.TITLE_4);
        notesPane.getChildren().add(title);
        VBox followUps = new VBox(6);
        followUps.setId("follow-ups");
        notesPane.getChildren().add(followUps);
        Runnable fill = () -> fillFollowUps(state, followUps);
        // Follow-ups are asked after the reveal and their model answers explain it, so they wait for it too.
        if (followUpsShown != null) {
            followUpsShown.dispose();
        }
        followUpsShown = model.shownBinding(state);
        followUpsShown.addListener((obs, old, now) -> fill.run());
        fill.run();
        Label notesTitle = new Label("Your notes on this stop");
        notesTitle.getStyleClass().add(Styles.TEXT_BOLD);
        TextArea notes = new TextArea();
        notes.setId("notes-text");
        notes.setWrapText(true);
        notes.setPrefRowCount(8);
        notes.setPromptText("Private notes for the report (Esc leaves the field)");
        notes.textProperty().bindBidirectional(state.notesProperty());
        VBox.setVgrow(notes, Priority.ALWAYS);
        notesPane.getChildren().addAll(notesTitle, notes);
        notesPane.setPadding(new Insets(10));
    }

    private void fillFollowUps(StopState state, VBox box) {
        Stop stop = state.stop();
        box.getChildren().clear();
        if (stop.followUps().isEmpty()) {
            return;
        }
        Label followTitle = new Label("Follow-ups");
        followTitle.getStyleClass().add(Styles.TEXT_BOLD);
        box.getChildren().add(followTitle);
        if (!model.isShown(state)) {
            Label later = new Label(stop.followUps().size() + " follow-up question"
                    + (stop.followUps().size() == 1 ? "" : "s") + " with model answers appear after the reveal.");
            later.setWrapText(true);
            later.getStyleClass().add(Styles.TEXT_MUTED);
            box.getChildren().add(later);
            return;
        }
        {
            for (Stop.FollowUp followUp : stop.followUps()) {
                Label question = new Label("Q: " + racelab.ui.Texts.paragraphs(followUp.question()));
                question.setWrapText(true);
                question.setMinHeight(Region.USE_PREF_SIZE);
                Label answer = new Label("A: " + racelab.ui.Texts.paragraphs(followUp.answer()));
                answer.setWrapText(true);
                answer.setMinHeight(Region.USE_PREF_SIZE);
                answer.getStyleClass().add(Styles.TEXT_MUTED);
                box.getChildren().addAll(question, answer);
            }
        }
    }

    // ------------------------------------------------------------------ keys

    /** Installs the presenter keys on the window's scene (a filter, so they work wherever the focus is). */
    public void installKeys(Scene scene) {
        scene.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        scene.addEventFilter(KeyEvent.KEY_TYPED, e -> {
            if (swallowNextTyped) {
                swallowNextTyped = false;
                e.consume();
            }
        });
    }

    private void onKey(KeyEvent e) {
        boolean typing = e.getTarget() instanceof TextInputControl
                || getScene().getFocusOwner() instanceof TextInputControl;
        if (e.isShortcutDown() && e.getCode() == KeyCode.E) {
            chooseExport();
        } else if (e.getCode() == KeyCode.PAGE_DOWN) {
            model.next();
        } else if (e.getCode() == KeyCode.PAGE_UP) {
            model.previous();
        } else if (typing) {
            if (e.getCode() == KeyCode.ESCAPE) {
                requestFocus();
            } else {
                return;
            }
        } else if (e.isShortcutDown() || e.isAltDown()) {
            return;
        } else if (e.getCode() == KeyCode.R) {
            model.reveal();
        } else if (e.getCode() == KeyCode.H) {
            model.nextHint();
        } else if (e.getCode() == KeyCode.N) {
            model.notesVisibleProperty().set(!model.notesVisibleProperty().get());
        } else if (e.getCode() == KeyCode.S && shownStop != null) {
            shownStop.showSolution();
        } else if (e.getCode() == KeyCode.P && shownStop != null) {
            if (!shownStop.focusPrediction()) {
                return;
            }
            // The 'p' typed by this very key would land in the field that now has the focus.
            swallowNextTyped = true;
        } else if (e.getCode().isDigitKey() && shownStop != null) {
            if (!shownStop.choose(digit(e.getCode()))) {
                return;
            }
        } else {
            return;
        }
        e.consume();
    }

    private static int digit(KeyCode code) {
        String name = code.getName();
        return Character.getNumericValue(name.charAt(name.length() - 1));
    }

    // ------------------------------------------------------------------ report

    private void chooseExport() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the session report");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("One HTML file with pictures (*.html)", "*.html"),
                new FileChooser.ExtensionFilter("Markdown with PNG pictures (*.md)", "*.md"));
        chooser.setInitialFileName(model.walkthrough().id() + "-session.html");
        File chosen = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (chosen != null) {
            try {
                export(chosen.toPath());
            } catch (IOException e) {
                Alert alert = new Alert(Alert.AlertType.ERROR, "Cannot write " + chosen + ": " + e.getMessage());
                alert.initOwner(getScene().getWindow());
                alert.show();
            }
        }
    }

    /** Writes the session report (HTML, or Markdown for {@code .md}), with a fresh picture of the current stop. */
    public void export(Path target) throws IOException {
        if (shownStop != null) {
            byte[] picture = shownStop.capturePicture();
            if (picture != null) {
                shownStop.state().setPicture(picture);
            }
        }
        SessionReport.write(model.record(ZonedDateTime.now()), target);
    }

    /** The notes pane node, for tests. */
    Node notesPane() {
        return notesPane;
    }
}
