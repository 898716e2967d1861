package racelab.ui.logview;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableSet;
import racelab.logsim.result.ClusterSnapshot;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.result.WrongAccount;
import racelab.logsim.scene.Fault;
import racelab.logsim.scene.LogScene;

/**
 * A log scene on screen: which faults to inject (the scene's own, or a power cut of machines the user picked),
 * whether the scene's fix is applied, the latest run, the cluster moment being looked at, and the account whose
 * lineage is shown.
 *
 * <p>Like the ledger page, runs are requested here and computed by the view off the FX thread; results of
 * superseded requests are dropped.
 */
public final class LogSceneViewModel {

    /** One simulation to compute. */
    public record RunRequest(long generation, LogScene scene, long seed, Map<String, String> overrides)
            implements racelab.ui.LatestRunGate.Request {
    }

    /** Machines a user-picked power cut keeps down before they restart and the task restores. */
    public static final long RESTART_AFTER_MS = 30_000;

    private final LogScene scene;
    private final List<String> machines;
    private final ObservableSet<String> cutMachines = FXCollections.observableSet(new TreeSet<>());
    private final LongProperty cutAtMs = new SimpleLongProperty();
    private final BooleanProperty fixApplied = new SimpleBooleanProperty(false);
    private final ReadOnlyBooleanWrapper customCut = new ReadOnlyBooleanWrapper(false);
    private final racelab.ui.LatestRunGate<RunRequest> gate = new racelab.ui.LatestRunGate<>();
    private final ReadOnlyObjectWrapper<LogRunResult> result = new ReadOnlyObjectWrapper<>();
    private final IntegerProperty snapshotIndex = new SimpleIntegerProperty(0);
    private final ReadOnlyObjectWrapper<ClusterSnapshot> snapshot = new ReadOnlyObjectWrapper<>();
    private final ObjectProperty<String> selectedAccount = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper hint = new ReadOnlyStringWrapper("");
    private List<Fault> faults;

    public LogSceneViewModel(LogScene scene, List<String> machines) {
        this.scene = scene;
        this.machines = List.copyOf(machines);
        this.faults = scene.faults();
        Fault first = scene.faults().isEmpty() ? null : scene.faults().get(0);
        cutAtMs.set(first == null ? 45_000 : first.atMs());
        if (first != null) {
            for (String target : first.targets()) {
                if (this.machines.contains(target)) {
                    cutMachines.add(target);
                }
            }
            if (first.domain() != null) {
                cutMachines.addAll(machinesInDomain(scene, this.machines, first.domain()));
            }
        }
        fixApplied.addListener((obs, old, now) -> requestRun());
        snapshotIndex.addListener((obs, old, now) -> refreshSnapshot());
        requestRun();
    }

    //*************************************************************************
    // Properties                                                            //
    //*************************************************************************

    public LogScene scene() {
        return scene;
    }

    /** Every machine of the cluster, brokers first. */
    public List<String> machines() {
        return machines;
    }

    /** Machines the next power cut takes down. */
    public ObservableSet<String> cutMachines() {
        return cutMachines;
    }

    /** Simulated time of the next power cut. */
    public LongProperty cutAtMsProperty() {
        return cutAtMs;
    }

    /** Whether the scene's named fix (e.g. {@code processing.guarantee=exactly_once_v2}) is applied. */
    public BooleanProperty fixAppliedProperty() {
        return fixApplied;
    }

    /** Whether the shown run uses a power cut picked in the app instead of the scene's own faults. */
    public ReadOnlyBooleanProperty customCutProperty() {
        return customCut.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<RunRequest> pendingRunProperty() {
        return gate.pendingProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return gate.runningProperty();
    }

    public ReadOnlyObjectProperty<LogRunResult> resultProperty() {
        return result.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty runErrorProperty() {
        return gate.errorProperty();
    }

    /** Which labelled moment of the run the cluster view shows (before the fault, after it, after recovery). */
    public IntegerProperty snapshotIndexProperty() {
        return snapshotIndex;
    }

    public ReadOnlyObjectProperty<ClusterSnapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    /** The wrong account whose lineage is shown, or null. */
    public ObjectProperty<String> selectedAccountProperty() {
        return selectedAccount;
    }

    /** Feedback for the fault controls, e.g. "pick at least one machine". */
    public ReadOnlyStringProperty hintProperty() {
        return hint.getReadOnlyProperty();
    }

    /** The faults the shown (or pending) run injects. */
    public List<Fault> faults() {
        return faults;
    }

    /** The selected account's wrong balance with its responsible entries, or null. */
    public WrongAccount selectedWrongAccount() {
        LogRunResult shown = result.get();
        if (shown == null || selectedAccount.get() == null) {
            return null;
        }
        for (WrongAccount wrong : shown.wrongAccounts()) {
            if (wrong.account().equals(selectedAccount.get())) {
                return wrong;
            }
        }
        return null;
    }

    //*************************************************************************
    // Commands                                                              //
    //*************************************************************************

    /** Cuts the power of the picked machines at the chosen time; they restart {@link #RESTART_AFTER_MS} later. */
    public boolean cutPower() {
        if (cutMachines.isEmpty()) {
            hint.set("Pick at least one machine to cut.");
            return false;
        }
        hint.set("");
        faults = List.of(new Fault(cutAtMs.get(), "power-cut", new ArrayList<>(cutMachines), null, RESTART_AFTER_MS,
                0, "power cut picked in the app"));
        customCut.set(true);
        requestRun();
        return true;
    }

    /** Back to the faults written in the scene. */
    public void useSceneFaults() {
        hint.set("");
        faults = scene.faults();
        customCut.set(false);
        requestRun();
    }

    public void started(RunRequest request) {
        gate.started(request);
    }

    public void accept(RunRequest request, LogRunResult run) {
        if (!gate.succeeded(request)) {
            return;
        }
        result.set(run);
        String keep = selectedAccount.get();
        selectedAccount.set(null);
        if (keep != null && run.wrongAccounts().stream().anyMatch(w -> w.account().equals(keep))) {
            selectedAccount.set(keep);
        }
        // Open on the moment right after the first fault: that is where the story turns.
        snapshotIndex.set(Math.min(1, Math.max(0, run.snapshots().size() - 1)));
        refreshSnapshot();
    }

    /**
     * Stops waiting for the running request: the page is idle at once and the run's result, if it still comes, is
     * dropped. The simulation itself stops at its next simulated second ({@link #isCurrent}).
     */
    public void cancelRun() {
        gate.cancel("Run cancelled.");
    }

    /** Whether {@code request} is still the one the page waits for; safe from the run's own thread. */
    public boolean isCurrent(RunRequest request) {
        return gate.isCurrent(request);
    }

    public void failed(RunRequest request, String message) {
        gate.failed(request, message);
    }

    public void nextSnapshot() {
        LogRunResult shown = result.get();
        if (shown != null && snapshotIndex.get() < shown.snapshots().size() - 1) {
            snapshotIndex.set(snapshotIndex.get() + 1);
        }
    }

    public void previousSnapshot() {
        if (snapshotIndex.get() > 0) {
            snapshotIndex.set(snapshotIndex.get() - 1);
        }
    }

    /** Machines of a power domain; machines no domain lists are in {@code rack}, as in the simulator. */
    static List<String> machinesInDomain(LogScene scene, List<String> machines, String domain) {
        List<String> listed = scene.powerDomains().get(domain);
        if (listed != null) {
            return List.copyOf(listed);
        }
        List<String> inRack = new ArrayList<>();
        if (domain.equals("rack")) {
            for (String machine : machines) {
                boolean elsewhere = scene.powerDomains().values().stream().anyMatch(m -> m.contains(machine));
                if (!elsewhere) {
                    inRack.add(machine);
                }
            }
        }
        return inRack;
    }

    private void requestRun() {
        long generation = gate.nextGeneration();
        LogScene withFaults = new LogScene(scene.id(), scene.file(), scene.title(), scene.seed(), scene.settings(),
                scene.fix(), scene.modes(), scene.expect(), scene.workload(), faults, scene.powerDomains(),
                scene.durationMs(), scene.narration());
        Map<String, String> overrides = fixApplied.get() ? scene.fix() : Map.of();
        gate.publish(new RunRequest(generation, withFaults, scene.seed(), overrides));
    }

    private void refreshSnapshot() {
        LogRunResult shown = result.get();
        if (shown == null || shown.snapshots().isEmpty()) {
            snapshot.set(null);
            return;
        }
        int index = Math.max(0, Math.min(snapshotIndex.get(), shown.snapshots().size() - 1));
        snapshot.set(shown.snapshots().get(index));
    }
}
