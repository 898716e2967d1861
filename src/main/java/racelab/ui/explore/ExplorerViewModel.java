package racelab.ui.explore;

import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import racelab.explore.ExploreResult;
import racelab.explore.Outcome;
import racelab.explore.ScheduleResult;
import racelab.scenario.LedgerScene;
import racelab.scenario.StepRef;

/**
 * State of the interleaving explorer for one ledger scene: the chosen mitigation (or all of them), progress, and
 * the immutable results of the last search.
 *
 * <p>The search itself runs in the view's background task; this class only receives its progress and results on
 * the FX thread. Loading a schedule onto the timeline is delegated to the ledger page through {@code loader}.
 */
public final class ExplorerViewModel {

    /** The chooser entry that explores every mitigation and shows the matrix. */
    public static final String ALL = "all mitigations";

    private final LedgerScene scene;
    private final javafx.beans.property.StringProperty database =
            new javafx.beans.property.SimpleStringProperty(racelab.ledger.H2Backend.INSTANCE.serverDescription());
    private final List<String> mitigations;
    private List<String> skipped = List.of();
    private String skippedNote = "";
    private final BiConsumer<String, List<StepRef>> loader;
    private final StringProperty mitigation = new SimpleStringProperty();
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final DoubleProperty progress = new SimpleDoubleProperty();
    private final StringProperty status = new SimpleStringProperty("Choose a mitigation and press Explore.");
    private final ObjectProperty<ExploreResult> result = new SimpleObjectProperty<>();
    private final ObservableList<ExploreResult> matrix = FXCollections.observableArrayList();
    private final ObservableList<ScheduleResult> violating = FXCollections.observableArrayList();

    /**
     * @param mitigations ids the scene can run under, in the order the matrix shows them
     * @param initialMitigation the ledger page's current mitigation
     * @param loader puts a schedule onto the ledger page's timeline under the given mitigation
     */
    public ExplorerViewModel(LedgerScene scene, List<String> mitigations, String initialMitigation,
            BiConsumer<String, List<StepRef>> loader) {
        this.scene = scene;
        this.mitigations = List.copyOf(mitigations);
        this.loader = loader;
        mitigation.set(initialMitigation);
    }

    public LedgerScene scene() {
        return scene;
    }

    /** Every mitigation id followed by {@link #ALL}. */
    public List<String> choices() {
        List<String> choices = new java.util.ArrayList<>(mitigations);
        choices.add(ALL);
        return choices;
    }

    /** The mitigations one search covers: the chosen one, or all of them that the database runs. */
    public List<String> plannedMitigations() {
        if (!isAll()) {
            return List.of(mitigation.get());
        }
        return mitigations.stream().filter(id -> !skipped.contains(id)).toList();
    }

    /**
     * Leaves out of "all mitigations" those the database cannot run (advisory-lock on H2); the status says so when
     * the search ends.
     */
    public void skip(List<String> unavailable, String product) {
        skipped = List.copyOf(unavailable);
        skippedNote = unavailable.isEmpty() ? "" : " Not run on " + product + ": " + String.join(", ", unavailable)
                + " (unavailable there).";
    }

    public boolean isAll() {
        return ALL.equals(mitigation.get());
    }

    public StringProperty mitigationProperty() {
        return mitigation;
    }

    public BooleanProperty runningProperty() {
        return running;
    }

    public DoubleProperty progressProperty() {
        return progress;
    }

    public StringProperty statusProperty() {
        return status;
    }

    /** The single-mitigation result on screen (null in matrix mode or before a search). */
    public ObjectProperty<ExploreResult> resultProperty() {
        return result;
    }

    /** One row per mitigation searched in matrix mode. */
    public ObservableList<ExploreResult> matrix() {
        return matrix;
    }

    /** Violating schedules of the result on screen, nearest to serial order first. */
    public ObservableList<ScheduleResult> violating() {
        return violating;
    }

    /** A search starts: clears the old results. */
    public void started() {
        running.set(true);
        progress.set(0);
        result.set(null);
        matrix.clear();
        violating.clear();
        status.set("Exploring " + String.join(", ", plannedMitigations()) + " on " + database.get() + "…");
    }

    /**
     * Progress of the running search.
     *
     * @param index which of the planned mitigations is being searched (0-based)
     */
    public void progressed(int index, long explored, long toExplore, long violations) {
        int searches = plannedMitigations().size();
        double within = toExplore == 0 ? 1 : explored / (double) toExplore;
        progress.set((index + within) / searches);
        status.set(String.format(Locale.ROOT, "%s: %d of %d schedules run on %s, %d violated",
                plannedMitigations().get(Math.min(index, searches - 1)), explored, toExplore, database.get(),
                violations));
    }

    /** The search ended (completely or cancelled). */
    public void finished(List<ExploreResult> results) {
        running.set(false);
        boolean complete = !results.isEmpty() && results.stream().allMatch(ExploreResult::complete)
                && results.size() == plannedMitigations().size();
        if (isAll()) {
            matrix.setAll(results);
            long unsound = results.stream().filter(r -> !r.sound()).count();
            status.set((complete ? "Done: " : "Cancelled: partial matrix. ") + results.size() + " mitigations on "
                    + database.get() + ", " + unsound + " with violated schedules." + skippedNote);
        } else if (!results.isEmpty()) {
            ExploreResult only = results.get(0);
            result.set(only);
            violating.setAll(only.violating());
            status.set(complete ? "Done: every interleaving under " + only.mitigation() + " is classified, on "
                    + database.get() + "."
                    : "Cancelled after " + only.explored() + " runs: partial counts.");
        } else {
            status.set("Cancelled before the first run.");
        }
        progress.set(complete ? 1 : progress.get());
    }

    /** The search threw; the message is shown instead of results. */
    public void failed(String message) {
        running.set(false);
        status.set("Failed: " + message);
    }

    /**
     * The database the search runs on, with its version (e.g. {@code PostgreSQL 17.7 (embedded)}); every status line
     * and result names it.
     */
    public javafx.beans.property.StringProperty databaseProperty() {
        return database;
    }

    /** Puts a found schedule onto the ledger page's timeline, which replays it on the chosen database. */
    public void loadOntoTimeline(ScheduleResult schedule) {
        ExploreResult shown = result.get();
        if (schedule != null && shown != null) {
            loader.accept(shown.mitigation(), schedule.schedule());
            status.set("Loaded onto the timeline under " + shown.mitigation() + ": "
                    + String.join(" ", schedule.scheduleText()));
        }
    }

    /** One line: how many interleavings, how many run, pruned, violated. */
    public static String summary(ExploreResult r) {
        return summary(r, "H2");
    }

    /** One line: how many interleavings, how many run on which database, pruned, violated. */
    public static String summary(ExploreResult r, String database) {
        return String.format(Locale.ROOT, "%d interleavings, %d run on %s, %d pruned as equivalent, %d violated",
                r.schedules(), r.explored(), database, r.pruned(), r.count(Outcome.VIOLATED));
    }
}
