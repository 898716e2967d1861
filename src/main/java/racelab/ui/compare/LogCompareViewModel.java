package racelab.ui.compare;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import racelab.compare.LogComparison;
import racelab.compare.LogPreset;
import racelab.logsim.scene.LogScene;

/**
 * The compare page of a log scene: one seed, one fault script, one column per setting preset. The runs are
 * computed by the view off the FX thread and arrive here one by one, in preset order.
 */
public final class LogCompareViewModel {

    private final LogScene scene;
    private final long seed;
    private final List<LogPreset> presets;
    private final ObservableList<LogComparison.Column> columns = FXCollections.observableArrayList();
    private final ObservableList<LogComparison.Column> columnsReadOnly = FXCollections.unmodifiableObservableList(
            columns);
    private final ReadOnlyBooleanWrapper complete = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");

    public LogCompareViewModel(LogScene scene, long seed, List<LogPreset> presets) {
        this.scene = scene;
        this.seed = seed;
        this.presets = List.copyOf(presets);
    }

    public LogScene scene() {
        return scene;
    }

    public long seed() {
        return seed;
    }

    public List<LogPreset> presets() {
        return presets;
    }

    /** Finished columns, in preset order. */
    public ObservableList<LogComparison.Column> columns() {
        return columnsReadOnly;
    }

    public ReadOnlyBooleanProperty completeProperty() {
        return complete.getReadOnlyProperty();
    }

    /** Why a run failed, or empty. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Presets whose run has not arrived yet. */
    public List<LogPreset> pendingPresets() {
        List<LogPreset> pending = new ArrayList<>(presets);
        columns.forEach(c -> pending.remove(c.preset()));
        return pending;
    }

    public void accept(LogComparison.Column column) {
        if (!presets.contains(column.preset())) {
            throw new IllegalArgumentException("not a preset of this page: " + column.preset().name());
        }
        List<LogComparison.Column> all = new ArrayList<>(columns);
        all.add(column);
        all.sort(java.util.Comparator.comparingInt(c -> presets.indexOf(c.preset())));
        columns.setAll(all);
        complete.set(pendingPresets().isEmpty());
    }

    public void failed(LogPreset preset, String message) {
        error.set(preset.name() + ": " + message);
    }

    /** The finished columns as one comparison, for export. */
    public LogComparison comparison() {
        return new LogComparison(scene, seed, columns);
    }
}
