package racelab.walkthrough;

import java.util.List;
import java.util.Map;
import racelab.ledger.LedgerEngine;
import racelab.logsim.LogSimulation;
import racelab.scenario.LedgerScene;
import racelab.scenario.StepRef;

/** Runs a stop on the real engines: the scene on H2 under the stop's mitigation, or through the log simulator. */
public final class StopRunner {

    private StopRunner() {
    }

    /** The stop's own run. */
    public static StopResult run(Stop stop) throws Exception {
        if (stop.isLedger()) {
            LedgerScene scene = stop.ledgerScene();
            return new StopResult(LedgerEngine.runOnce(scene, scene.mitigation(), scene.schedule()), null);
        }
        return new StopResult(null, LogSimulation.run(stop.logScene(), stop.seed(), Map.of()));
    }

    /** A ledger stop's scene under another mitigation and schedule (e.g. a challenge move). */
    public static StopResult runLedger(Stop stop, String mitigation, List<StepRef> schedule) throws Exception {
        return new StopResult(LedgerEngine.runOnce(stop.ledgerScene(), mitigation, schedule), null);
    }

    /** A log stop with extra settings on top of the stop's (e.g. a challenge move). */
    public static StopResult runLog(Stop stop, Map<String, String> overrides) throws Exception {
        return new StopResult(null, LogSimulation.run(stop.logScene(), stop.seed(), overrides));
    }

    /** A log stop with its fault script replaced (e.g. the player's own power cut). */
    public static StopResult runLogWithFaults(Stop stop, List<racelab.logsim.scene.Fault> faults) throws Exception {
        racelab.logsim.scene.LogScene scene = stop.logScene();
        racelab.logsim.scene.LogScene changed = new racelab.logsim.scene.LogScene(scene.id(), scene.file(),
                scene.title(), scene.seed(), scene.settings(), scene.fix(), scene.modes(), scene.expect(),
                scene.workload(), faults, scene.powerDomains(), scene.durationMs(), scene.narration());
        return new StopResult(null, LogSimulation.run(changed, stop.seed(), Map.of()));
    }

    /** Machine ids of a log stop's cluster (brokers and app instances), for a power-cut picker. */
    public static List<String> machines(Stop stop) throws Exception {
        return new java.util.ArrayList<>(racelab.logsim.scene.LogSceneLoader.machineIds(
                LogSimulation.settingsFor(stop.logScene(), Map.of())));
    }
}
