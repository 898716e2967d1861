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
}
