package racelab.ui.logtimeline;

import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import racelab.logsim.model.JournalEntry;
import racelab.logsim.result.EntryIssue;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.result.WrongAccount;
import racelab.ui.replay.ReplayControlsView;

/**
 * The timeline page of a log scene: swimlanes of record-level events with the draggable fault card, every journal
 * entry's chip at the replay position, store vs expected balances, and the forensics at the end of the run.
 *
 * <p>Runs go through one background thread ({@link Task}); only the newest request's answer is shown. Stepping
 * (buttons, Left/Right/Home/End/Space as on the ledger timeline) only moves the cursor over the run's pictures.
 */
public final class LogTimelineView extends BorderPane {

    private static final String CSS = LogTimelineView.class.getResource("/racelab/ui/logtimeline/log-timeline.css")
            .toExternalForm();
    private static final ExecutorService RUNNER = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "log-timeline-runs");
        thread.setDaemon(true);
        return thread;
    });

    /** Lost or twice-applied entries the forensics panel lists one by one; the rest are counted. */
    static final int FORENSICS_LISTED_MAX = 20;

    /** The filter chooser's item for "no filter". */
    private static final int ALL_ENTRIES = -1;

    private final LogTimelineViewModel model;
    private final TimelineBackend backend;
    private final LogTimelineCanvas canvas;
    private final VBox chipsBox = new VBox(6);
    private EntryChips chips;
    /** The journal the chips and the filter chooser were built for. */
    private List<JournalEntry> shownJournal;
    private final GridPane balances = new GridPane();
    private final VBox forensics = new VBox(4);
    private final Label eventText = new Label();
    private final Label verdict = new Label("running…");
    private final Label faultText = new Label();
    /**
     * A combo box, not a choice box: its list is virtualized, so the hundreds of entries a big scene's window touches
     * cost nothing to list (a ChoiceBox builds a menu item each, which held the FX thread for a minute).
     */
    private final javafx.scene.control.ComboBox<Integer> filter = new javafx.scene.control.ComboBox<>();
    private final ExploreStrip strip;
    /** The page's middle column (strip, swimlanes, narration, chips), scrolled down to the fault lane on a new run. */
    private ScrollPane centerScroll;
    /** The run whose fault lane was last scrolled into view. */
    private TimelineRun faultLaneShownFor;
    private racelab.ui.compare.LogCompareView compareView;
    private static final ExecutorService SWEEPER = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "log-timeline-sweeps");
        thread.setDaemon(true);
        return thread;
    });

    public LogTimelineView(LogTimelineViewModel model, TimelineBackend backend) {
        this.model = model;
        this.backend = backend;
        setId("log-timeline-page");
        getStylesheets().add(CSS);
        canvas = new LogTimelineCanvas(model::moveFault);
        strip = new ExploreStrip(model::loadPosition);
        setTop(header());
        setCenter(center());
        setRight(side());
        ReplayControlsView controls = new ReplayControlsView(model.cursor());
        controls.installShortcuts(this);
        setBottom(controls);

        model.runProperty().addListener((obs, old, now) -> refreshRun());
        model.cursor().positionProperty().addListener((obs, old, now) -> {
            if (!model.adopting()) {
                refreshPosition();
            }
        });
        model.entryFilterProperty().addListener((obs, old, now) -> refreshPosition());
        model.pendingRunProperty().addListener((obs, old, now) -> launch(now));
        model.sweepProperty().addListener((obs, old, now) -> refreshStrip());
        model.faultAfterProperty().addListener((obs, old, now) -> refreshStrip());
        model.sweepErrorProperty().addListener((obs, old, now) -> refreshStrip());
        model.pendingSweepProperty().addListener((obs, old, now) -> launchSweep(now));
        refreshRun();
        launch(model.pendingRunProperty().get());
        launchSweep(model.pendingSweepProperty().get());
        refreshStrip();
    }

    public LogTimelineViewModel model() {
        return model;
    }

    /** The swimlanes, for tests that drag the fault card. */
    public LogTimelineCanvas canvas() {
        return canvas;
    }

    private void launch(LogTimelineViewModel.RunRequest request) {
        if (request == null) {
            return;
        }
        Task<TimelineRun> task = new Task<>() {
            @Override
            protected TimelineRun call() throws Exception {
                return backend.run(request, () -> !model.isCurrent(request));
            }
        };
        model.started(request);
        task.setOnSucceeded(e -> model.accept(request, task.getValue()));
        task.setOnFailed(e -> {
            Throwable error = task.getException();
            model.failed(request, error == null ? "run failed" : String.valueOf(error.getMessage()));
        });
        RUNNER.execute(task);
    }

    private void launchSweep(LogTimelineViewModel.SweepRequest request) {
        if (request == null) {
            return;
        }
        Task<racelab.logsim.trace.FaultSweep.Result> task = new Task<>() {
            @Override
            protected racelab.logsim.trace.FaultSweep.Result call() throws Exception {
                return backend.sweep(request, () -> !model.isCurrentSweep(request));
            }
        };
        model.sweepStarted(request);
        task.setOnSucceeded(e -> model.acceptSweep(request, task.getValue()));
        task.setOnFailed(e -> {
            Throwable error = task.getException();
            model.sweepFailed(request, error == null ? "sweep failed" : String.valueOf(error.getMessage()));
        });
        SWEEPER.execute(task);
    }

    /**
     * Opens the compare page for the fault position on screen, in a window of its own: the two columns are computed
     * there, off the FX thread; finding the same event under the fix runs first, also off the FX thread.
     */
    public void showCompare() {
        int faultAfter = model.faultAfterProperty().get();
        Task<java.util.List<racelab.compare.LogPreset>> task = new Task<>() {
            @Override
            protected java.util.List<racelab.compare.LogPreset> call() throws Exception {
                return backend.comparePresets(model.scene(), faultAfter);
            }
        };
        task.setOnSucceeded(e -> {
            racelab.ui.compare.LogCompareView compare = new racelab.ui.compare.LogCompareView(
                    new racelab.ui.compare.LogCompareViewModel(model.scene(), model.scene().seed(), task.getValue()),
                    true);
            compareView = compare;
            racelab.ui.explore.ExplorerWindow.show(this, "Compare with the fix", compare, () -> { });
        });
        task.setOnFailed(e -> model.tell("Compare could not run: " + task.getException().getMessage()));
        SWEEPER.execute(task);
    }

    /** The last compare page opened from here, for tests. */
    public racelab.ui.compare.LogCompareView compareView() {
        return compareView;
    }

    private void refreshStrip() {
        strip.setVisible(model.window().whole());
        strip.setManaged(model.window().whole());
        if (model.sweepProperty().get() != null) {
            strip.show(model.sweepProperty().get(), model.faultAfterProperty().get());
        } else if (!model.sweepErrorProperty().get().isEmpty()) {
            strip.showPending("log-explore could not run: " + model.sweepErrorProperty().get());
        } else {
            strip.showPending("log-explore: running the fault at every position of the trace…");
        }
    }

    //*************************************************************************
    // Layout                                                                //
    //*************************************************************************

    private VBox header() {
        Label title = new Label(model.scene().title());
        title.getStyleClass().add(Styles.TITLE_3);
        title.setId("scene-title");
        title.setMinWidth(120);
        verdict.setId("verdict");
        verdict.getStyleClass().addAll("verdict", "pending");
        verdict.setMinWidth(Region.USE_PREF_SIZE);
        ProgressIndicator progress = new ProgressIndicator();
        progress.setPrefSize(22, 22);
        progress.setMaxSize(22, 22);
        progress.visibleProperty().bind(model.runningProperty());
        progress.managedProperty().bind(model.runningProperty());
        Label runningText = new Label("simulating…");
        runningText.getStyleClass().add(Styles.TEXT_MUTED);
        runningText.visibleProperty().bind(model.runningProperty());
        runningText.managedProperty().bind(model.runningProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(10, title, verdict, spacer, progress, runningText,
                racelab.ui.RunCancelButton.create(model.runningProperty(), model::cancelRun));
        top.setAlignment(Pos.CENTER_LEFT);

        faultText.setId("fault-text");
        faultText.getStyleClass().add(Styles.TEXT_BOLD);
        faultText.setMinWidth(0);
        ToggleSwitch fix = new ToggleSwitch("Apply the fix: " + settingsText(model.scene().fix()));
        fix.setId("timeline-apply-fix");
        fix.selectedProperty().bindBidirectional(model.fixAppliedProperty());
        fix.setMinWidth(Region.USE_PREF_SIZE);
        filter.setId("entry-filter");
        filter.getItems().add(ALL_ENTRIES);
        filter.setValue(ALL_ENTRIES);
        filter.setConverter(new StringConverter<>() {
            @Override
            public String toString(Integer entry) {
                return entry == null || entry == ALL_ENTRIES ? "every entry" : "only e" + entry;
            }

            @Override
            public Integer fromString(String text) {
                return null;
            }
        });
        filter.setTooltip(new Tooltip("Show only the cards that touch one journal entry (or click its chip)"));
        filter.setFocusTraversable(false);
        filter.setVisibleRowCount(14);
        filter.setMinWidth(Region.USE_PREF_SIZE);
        filter.valueProperty().addListener((obs, old, now) -> {
            Integer wanted = now == null || now == ALL_ENTRIES ? null : now;
            if (!java.util.Objects.equals(wanted, model.entryFilterProperty().get())) {
                model.entryFilterProperty().set(wanted);
            }
        });
        model.entryFilterProperty().addListener((obs, old, now) -> filter.setValue(now == null ? ALL_ENTRIES : now));
        Label filterLabel = new Label("Cards of");
        filterLabel.setMinWidth(Region.USE_PREF_SIZE);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        Label settings = new Label(model.scene().id() + "  ·  seed " + model.scene().seed()
                + (model.scene().settings().isEmpty() ? "" : "  ·  " + settingsText(model.scene().settings())));
        settings.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        settings.setMinWidth(0);
        Button compare = new Button("Compare with the fix…");
        compare.setId("compare-with-fix");
        compare.setTooltip(new Tooltip("The fault after the same event, under the scene's settings and under its fix, "
                + "side by side on the compare page"));
        compare.setMinWidth(Region.USE_PREF_SIZE);
        compare.setOnAction(e -> showCompare());
        compare.disableProperty().bind(model.runProperty().isNull());
        HBox second = new HBox(10, settings, gap, filterLabel, filter, fix, compare);
        second.setAlignment(Pos.CENTER_LEFT);
        faultText.setWrapText(true);

        Label hint = new Label();
        hint.getStyleClass().add("timeline-hint");
        hint.textProperty().bind(model.hintProperty());
        hint.managedProperty().bind(model.hintProperty().isNotEmpty());
        Label error = new Label();
        error.getStyleClass().add(Styles.DANGER);
        error.setWrapText(true);
        error.textProperty().bind(model.runErrorProperty());
        error.managedProperty().bind(model.runErrorProperty().isNotEmpty());
        VBox header = new VBox(4, top, second, faultText, hint, error);
        header.setPadding(new Insets(12, 16, 6, 16));
        return header;
    }

    /**
     * Scrolls the page down until the fault lane's row is in view, once per new run: the swimlanes scroll the fault
     * card into view sideways, but in a short window (the walkthrough's stop, 1280x720) the fault lane, the last row,
     * is below the fold. The row goes to the bottom edge, so the lanes above it stay in view.
     */
    private void revealFaultLane(TimelineRun run) {
        if (run == faultLaneShownFor) {
            return;
        }
        boolean first = faultLaneShownFor == null;
        faultLaneShownFor = run;
        if (first) {
            // The first run gives the swimlanes their rows: lay the column out now to measure where the fault lane
            // is. Later runs have the same lanes, so the last layout measures them.
            centerScroll.layout();
        }
        double rowY = canvas.faultRowY();
        javafx.geometry.Bounds viewport = centerScroll.getViewportBounds();
        javafx.scene.Node content = centerScroll.getContent();
        double contentHeight = content.getLayoutBounds().getHeight();
        if (rowY < 0 || viewport == null || viewport.getHeight() <= 0 || contentHeight <= viewport.getHeight()
                || canvas.getScene() == null) {
            return;
        }
        double top = content.sceneToLocal(canvas.canvas().localToScene(0, rowY)).getY();
        double bottom = top + LogTimelineCanvas.ROW_HEIGHT;
        double range = contentHeight - viewport.getHeight();
        double offset = centerScroll.getVvalue() * range;
        if (top >= offset && bottom <= offset + viewport.getHeight()) {
            return;
        }
        double wanted = Math.max(0, Math.min(top, bottom + 8 - viewport.getHeight()));
        centerScroll.setVvalue(Math.min(1, wanted / range));
    }

    private ScrollPane center() {
        eventText.setId("event-text");
        eventText.setWrapText(true);
        eventText.getStyleClass().add("event-narration");
        eventText.setMinHeight(Region.USE_PREF_SIZE);
        Label chipsTitle = new Label("Journal entries at this step");
        chipsTitle.getStyleClass().add(Styles.TITLE_4);
        chipsBox.getChildren().add(chipsTitle);
        chipsBox.getStyleClass().add("panel");
        VBox content = new VBox(6, strip, canvas, eventText, chipsBox);
        content.setPadding(new Insets(0, 8, 8, 16));
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add(atlantafx.base.theme.Tweaks.EDGE_TO_EDGE);
        centerScroll = scroll;
        return scroll;
    }

    private ScrollPane side() {
        balances.setId("timeline-balances");
        balances.setHgap(14);
        balances.setVgap(2);
        forensics.setId("timeline-forensics");
        return racelab.ui.SidePanel.of(330, 300, new Insets(0, 16, 8, 4),
                racelab.ui.SidePanel.title("Balances at this step"), balances,
                racelab.ui.SidePanel.title("Forensics"), forensics);
    }

    //*************************************************************************
    // Refresh                                                               //
    //*************************************************************************

    private void refreshRun() {
        TimelineRun run = model.runProperty().get();
        verdict.getStyleClass().removeAll("violated", "safe", "pending");
        if (run == null) {
            verdict.getStyleClass().add("pending");
            verdict.setText("running…");
            faultText.setText("");
            return;
        }
        LogRunResult result = run.result();
        // LogVerdict names what is wrong: the balances can be right while the applied topic holds duplicates.
        racelab.logsim.result.LogVerdict v = racelab.logsim.result.LogVerdict.of(result);
        verdict.getStyleClass().add(v.kind() == racelab.logsim.result.LogVerdict.Kind.PENDING ? "pending"
                : v.kind() == racelab.logsim.result.LogVerdict.Kind.RIGHT ? "safe" : "violated");
        verdict.setText(v.headline());
        int faultCard = run.faultCard();
        faultText.setText(faultCard < 0 ? "No fault in this run."
                : "Fault after event " + run.faultAfter() + ": " + withoutNote(run.cards().get(faultCard).text())
                + (run.windowed() ? "  ·  showing events " + (run.firstEvent() + 1) + "–"
                + (run.firstEvent() + run.cards().size()) + " of a longer run" : "")
                + "  ·  drag the red card to move it");
        Integer keep = model.entryFilterProperty().get();
        boolean hasStates = !run.steps().get(0).entries().isEmpty();
        List<Integer> items = filterItems(run);
        if (!items.equals(filter.getItems())) {
            filter.getItems().setAll(items);
        }
        // A drag re-runs the same journal: the chips stay, only what they show changes.
        if (!run.journal().equals(shownJournal) || hasStates != (chips != null)) {
            shownJournal = run.journal();
            chipsBox.getChildren().remove(1, chipsBox.getChildren().size());
            if (hasStates) {
                chips = new EntryChips(run.journal(), id -> model.entryFilterProperty().set(
                        java.util.Objects.equals(model.entryFilterProperty().get(), id) ? null : id));
                chipsBox.getChildren().add(chips);
            } else {
                chips = null;
                Label none = new Label("This journal is too long for a chip per entry; filter the cards by entry "
                        + "instead.");
                none.getStyleClass().add(Styles.TEXT_MUTED);
                none.setWrapText(true);
                chipsBox.getChildren().add(none);
            }
        }
        model.entryFilterProperty().set(keep != null && items.contains(keep) ? keep : null);
        filter.setValue(model.entryFilterProperty().get() == null ? ALL_ENTRIES : model.entryFilterProperty().get());
        refreshPosition();
        revealFaultLane(run);
    }

    /**
     * The filter chooser's items: every entry of a step scene's journal; in a window of a big scene only the entries
     * its cards touch (a chooser of 1,200 entries would be unusable, and slow to build).
     */
    private static List<Integer> filterItems(TimelineRun run) {
        List<Integer> items = new java.util.ArrayList<>();
        items.add(ALL_ENTRIES);
        if (!run.windowed()) {
            for (JournalEntry entry : run.journal()) {
                items.add(entry.id());
            }
            return items;
        }
        TreeSet<Integer> touched = new TreeSet<>();
        for (TimelineCard card : run.cards()) {
            touched.addAll(card.entries());
        }
        items.addAll(touched);
        return items;
    }

    private void refreshPosition() {
        TimelineRun run = model.runProperty().get();
        if (run == null) {
            return;
        }
        int position = model.cursor().getPosition();
        canvas.show(run, model.entryFilterProperty().get(), position);
        TimelineStep step = model.stepProperty().get();
        TimelineCard card = model.currentCardProperty().get();
        eventText.setText(card == null ? "Step 0: nothing has happened yet. Step forward (Right) to follow the "
                + "journal through the cluster."
                : "Event " + (run.firstEvent() + position) + " · " + String.format("t = %.3f s", card.timeMs()
                / 1000.0) + " · " + card.text());
        Set<Integer> doomed = new HashSet<>();
        run.doomedAtEvent().forEach((entry, at) -> {
            if (at < position) {
                doomed.add(entry);
            }
        });
        if (chips != null && step != null) {
            chips.show(step.entries(), doomed, model.entryFilterProperty().get());
        }
        refreshBalances(run, step);
        refreshForensics(run);
    }

    private void refreshBalances(TimelineRun run, TimelineStep step) {
        balances.getChildren().clear();
        String[] headings = {"account", "store", "expected", "off by"};
        for (int column = 0; column < headings.length; column++) {
            Label heading = new Label(headings[column]);
            heading.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            balances.add(heading, column, 0);
        }
        if (step == null) {
            return;
        }
        if (step.entries().isEmpty()) {
            finalBalances(run);
            return;
        }
        // A store behind the journal is normal while entries are in flight; it is wrong at the end, or once an entry
        // touching the account is doomed.
        boolean end = model.atEnd();
        Set<String> doomedAccounts = new HashSet<>();
        int position = model.cursor().getPosition();
        run.doomedAtEvent().forEach((entry, at) -> {
            if (at < position) {
                JournalEntry doomed = run.journal().get(entry);
                doomedAccounts.add(doomed.toAccount());
                if (!doomed.isOpening()) {
                    doomedAccounts.add(doomed.fromAccount());
                }
            }
        });
        Set<String> accounts = new TreeSet<>(step.expectedBalances().keySet());
        accounts.addAll(step.storeBalances().keySet());
        int row = 1;
        for (String account : accounts) {
            Long store = step.storeBalances().get(account);
            long expected = step.expectedBalances().getOrDefault(account, 0L);
            long stored = store == null ? 0 : store;
            boolean wrong = stored != expected && (end || doomedAccounts.contains(account));
            String off = store == null ? "not in store" : stored == expected ? "" : signed(stored - expected)
                    + (wrong ? "" : " in flight");
            Label[] cells = {new Label(account), new Label(store == null ? "–" : Long.toString(store)),
                new Label(Long.toString(expected)), new Label(off)};
            for (int column = 0; column < cells.length; column++) {
                cells[column].getStyleClass().add("mono");
                cells[column].getStyleClass().add(wrong ? "balance-off" : stored != expected ? "balance-behind"
                        : "balance-ok");
                balances.add(cells[column], column, row);
            }
            cells[1].setId("store-" + account);
            row++;
        }
    }

    /** A journal too long for per-step pictures: the balances after recovery, as the forensics measured them. */
    private void finalBalances(TimelineRun run) {
        balances.getChildren().clear();
        Label note = new Label("Per-step balances are kept for step scenes only; after recovery:");
        note.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        note.setWrapText(true);
        balances.add(note, 0, 0, 4, 1);
        String[] headings = {"account", "actual", "expected", "off by"};
        for (int column = 0; column < headings.length; column++) {
            Label heading = new Label(headings[column]);
            heading.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            balances.add(heading, column, 1);
        }
        int row = 2;
        for (WrongAccount wrong : run.result().wrongAccounts()) {
            if (row == 14) {
                Label more = new Label("and " + (run.result().wrongAccounts().size() - 12) + " more");
                more.getStyleClass().add(Styles.TEXT_MUTED);
                balances.add(more, 0, row, 4, 1);
                break;
            }
            Label[] cells = {new Label(wrong.account()), new Label(Long.toString(wrong.actual())),
                new Label(Long.toString(wrong.expected())), new Label(signed(wrong.actual() - wrong.expected()))};
            for (int column = 0; column < cells.length; column++) {
                cells[column].getStyleClass().addAll("mono", "balance-off");
                balances.add(cells[column], column, row);
            }
            row++;
        }
        if (run.result().wrongAccounts().isEmpty()) {
            Label fine = new Label("every balance right");
            balances.add(fine, 0, row, 4, 1);
        }
    }

    private void refreshForensics(TimelineRun run) {
        forensics.getChildren().clear();
        if (!model.atEnd()) {
            Label wait = new Label("Step to the end (End) for the verdict: what was lost or applied twice, and why.");
            wait.getStyleClass().add(Styles.TEXT_MUTED);
            wait.setWrapText(true);
            wait.setId("forensics-pending");
            forensics.getChildren().add(wait);
            return;
        }
        LogRunResult result = run.result();
        Label summary = new Label(result.lostEntries().size() + " lost · " + result.duplicateEntries().size()
                + " applied twice · " + result.wrongAccounts().size() + " of " + result.accounts()
                + " accounts wrong" + (result.causes().isEmpty() ? "" : " · " + String.join(", ", result.causes())));
        summary.setId("forensics-summary");
        summary.setWrapText(true);
        summary.getStyleClass().add(result.correct() ? Styles.SUCCESS : Styles.DANGER);
        forensics.getChildren().add(summary);
        Set<String> seen = new HashSet<>();
        int listed = 0;
        for (WrongAccount wrong : result.wrongAccounts()) {
            for (EntryIssue issue : wrong.issues()) {
                if (!seen.add(issue.entryId() + issue.kind())) {
                    continue;
                }
                if (listed++ == FORENSICS_LISTED_MAX) {
                    continue;
                }
                Label kind = new Label(issue.kind().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " · "
                        + issue.mode());
                kind.getStyleClass().add("anomaly-badge");
                kind.setMinWidth(Region.USE_PREF_SIZE);
                Label entry = new Label("e" + issue.entryId() + "  ×" + issue.applications());
                entry.getStyleClass().add("mono");
                Label where = new Label(issue.where());
                where.setWrapText(true);
                where.getStyleClass().add(Styles.TEXT_SMALL);
                HBox head = new HBox(6, kind, entry);
                head.setAlignment(Pos.CENTER_LEFT);
                VBox item = new VBox(2, head, where);
                item.getStyleClass().add("lineage-item");
                item.setId("forensics-e" + issue.entryId());
                forensics.getChildren().add(item);
            }
        }
        if (listed > FORENSICS_LISTED_MAX) {
            // A big scene's power cut loses hundreds of entries: the first ones tell the story, the CLI lists all.
            Label more = new Label("… and " + (listed - FORENSICS_LISTED_MAX) + " more; the command line lists "
                    + "every one: log " + model.scene().id());
            more.setId("forensics-more");
            more.setWrapText(true);
            more.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            forensics.getChildren().add(more);
        }
        if (!result.wrongAccounts().isEmpty()) {
            // The audit reads the balances a fresh restore of the changelog gives, which can differ from the live
            // store in the table above (a write the store holds but the changelog lost).
            StringBuilder text = new StringBuilder("After a restore from the changelog (what the audit reads): ");
            int shown = 0;
            for (WrongAccount wrong : result.wrongAccounts()) {
                if (shown++ == 6) {
                    text.append(" …");
                    break;
                }
                text.append(shown == 1 ? "" : ", ").append(wrong.account()).append(' ').append(wrong.actual())
                        .append(" (expected ").append(wrong.expected()).append(')');
            }
            Label restored = new Label(text.toString());
            restored.setId("forensics-restored");
            restored.setWrapText(true);
            restored.getStyleClass().add(Styles.TEXT_SMALL);
            forensics.getChildren().add(restored);
        }
        if (result.correct()) {
            Label fine = new Label("Every entry applied exactly once; every balance matches the journal.");
            fine.setWrapText(true);
            forensics.getChildren().add(fine);
        }
    }

    private static String settingsText(Map<String, String> settings) {
        StringBuilder text = new StringBuilder();
        settings.forEach((key, value) -> text.append(text.length() == 0 ? "" : ", ").append(key).append('=')
                .append(value));
        return text.toString();
    }

    /** A fault's sentence without the scene's note in parentheses, which the scene's narration tells anyway. */
    static String withoutNote(String text) {
        int note = text.indexOf(" (");
        return note < 0 ? text : text.substring(0, note);
    }

    private static String signed(long value) {
        return value > 0 ? "+" + value : Long.toString(value);
    }

    static List<Integer> entriesOf(TimelineRun run) {
        return run.journal().stream().map(JournalEntry::id).toList();
    }
}
