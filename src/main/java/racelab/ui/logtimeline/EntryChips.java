package racelab.ui.logtimeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;
import javafx.css.PseudoClass;
import javafx.geometry.HPos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.util.Duration;
import racelab.logsim.model.JournalEntry;
import racelab.logsim.trace.EntryStage;
import racelab.logsim.trace.EntryState;

/**
 * Every journal entry as a chip, one row each, with one pip per place its write can be, lit where it is at the replay
 * position: producer buffer, the journal leader, how many replicas hold it, how many have it on disk, below the high
 * watermark, applied to the store, in the changelog, offset committed. The columns line up so a trainer can read a
 * whole column ("which entries are on disk anywhere?"). A click on a chip filters the timeline to its cards.
 */
final class EntryChips extends GridPane {

    private static final PseudoClass ON = PseudoClass.getPseudoClass("on");
    private static final PseudoClass GONE = PseudoClass.getPseudoClass("gone");
    private static final PseudoClass DOOMED = PseudoClass.getPseudoClass("doomed");
    private static final PseudoClass LOST_MEMORY = PseudoClass.getPseudoClass("volatile");
    private static final PseudoClass FILTERED = PseudoClass.getPseudoClass("filtered");
    private static final String[][] COLUMNS = {
        {"buffer", "in the client producer's buffer, on no broker yet"},
        {"leader", "the current journal leader holds it (page cache at least)"},
        {"copies", "how many journal replicas hold it, in page cache or on disk"},
        {"on disk", "how many journal replicas hold it on disk (an fsync or the OS writing back): a power cut "
            + "cannot take those"},
        {"below HW", "below the journal's high watermark: every in-sync replica has it, the task may read it"},
        {"store", "its effect is in a running task's store"},
        {"changelog", "its effect is in the changelog, below the high watermark (committed under exactly-once)"},
        {"offset", "the task's committed input offset is past it: it will not be read again"},
    };

    private final List<Row> rows = new ArrayList<>();

    private final class Row {
        final Label chip;
        final Label[] pips = new Label[COLUMNS.length];
        final Label stage = new Label();

        Row(JournalEntry entry, int row, IntConsumer onClick) {
            chip = new Label(name(entry));
            chip.getStyleClass().add("entry-chip");
            chip.setId("chip-e" + entry.id());
            chip.setMinWidth(Label.USE_PREF_SIZE);
            chip.setOnMouseClicked(e -> onClick.accept(entry.id()));
            Tooltip tip = new Tooltip("Click: show only the cards that touch e" + entry.id() + " (again: all cards)");
            tip.setShowDelay(Duration.millis(300));
            chip.setTooltip(tip);
            add(chip, 0, row);
            for (int c = 0; c < COLUMNS.length; c++) {
                Label pip = new Label();
                pip.getStyleClass().add("chip-pip");
                pip.setId("pip-e" + entry.id() + "-" + c);
                pip.setMinWidth(Label.USE_PREF_SIZE);
                GridPane.setHalignment(pip, HPos.CENTER);
                pips[c] = pip;
                add(pip, c + 1, row);
            }
            stage.getStyleClass().add("chip-stage");
            stage.setId("stage-e" + entry.id());
            stage.setMinWidth(Label.USE_PREF_SIZE);
            add(stage, COLUMNS.length + 1, row);
        }

        void show(EntryState state, boolean doomed, boolean filtered) {
            boolean gone = state != null && state.stage() == EntryStage.GONE;
            chip.pseudoClassStateChanged(GONE, gone);
            chip.pseudoClassStateChanged(DOOMED, doomed);
            chip.pseudoClassStateChanged(FILTERED, filtered);
            stage.pseudoClassStateChanged(DOOMED, doomed);
            if (state == null) {
                stage.setText("");
                return;
            }
            stage.setText(state.stage().label() + (doomed ? "  ·  doomed" : ""));
            light(0, state.inProducerBuffer(), "●");
            light(1, state.inLeaderPageCache(), "●");
            light(2, state.replicas() > 0, Integer.toString(state.replicas()));
            light(3, state.onDiskReplicas() > 0, Integer.toString(state.onDiskReplicas()));
            // Copies held only in memory are the ones a power cut takes: amber.
            pips[2].pseudoClassStateChanged(LOST_MEMORY, state.replicas() > state.onDiskReplicas());
            light(4, state.belowHighWatermark(), "●");
            light(5, state.appliedToStore(), "●");
            light(6, state.inChangelog(), "●");
            light(7, state.offsetCommitted(), "●");
        }

        private void light(int column, boolean on, String text) {
            pips[column].setText(on ? text : "·");
            pips[column].pseudoClassStateChanged(ON, on);
        }
    }

    EntryChips(List<JournalEntry> journal, IntConsumer onClick) {
        getStyleClass().add("entry-chips");
        setId("entry-chips");
        setHgap(6);
        setVgap(3);
        Label entryHeading = new Label("entry");
        entryHeading.getStyleClass().add("chip-heading");
        add(entryHeading, 0, 0);
        for (int c = 0; c < COLUMNS.length; c++) {
            Label heading = new Label(COLUMNS[c][0]);
            heading.getStyleClass().add("chip-heading");
            heading.setMinWidth(Label.USE_PREF_SIZE);
            Tooltip tip = new Tooltip(COLUMNS[c][1]);
            tip.setShowDelay(Duration.millis(300));
            tip.setWrapText(true);
            tip.setMaxWidth(360);
            heading.setTooltip(tip);
            GridPane.setHalignment(heading, HPos.CENTER);
            add(heading, c + 1, 0);
        }
        Label stageHeading = new Label("furthest stage");
        stageHeading.getStyleClass().add("chip-heading");
        add(stageHeading, COLUMNS.length + 1, 0);
        for (JournalEntry entry : journal) {
            rows.add(new Row(entry, rows.size() + 1, onClick));
        }
    }

    /** The chip's words, e.g. "e3  acct-01 → acct-02  40" or "e0  open acct-01 +5000". */
    static String name(JournalEntry entry) {
        return entry.isOpening() ? "e" + entry.id() + "  open " + entry.toAccount() + " +" + entry.amountCents()
                : "e" + entry.id() + "  " + entry.fromAccount() + " → " + entry.toAccount() + "  " + entry.amountCents();
    }

    /** Shows the states of one replay position; {@code doomed} holds the entries already doomed there. */
    void show(List<EntryState> states, Set<Integer> doomed, Integer filter) {
        for (int i = 0; i < rows.size(); i++) {
            EntryState state = i < states.size() ? states.get(i) : null;
            rows.get(i).show(state, doomed.contains(i), filter != null && filter == i);
        }
    }
}
