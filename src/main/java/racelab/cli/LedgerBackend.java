package racelab.cli;

import java.util.List;
import racelab.explore.LedgerEngineRunners;
import racelab.explore.LedgerExplorer;
import racelab.explore.MitigationFootprints;
import racelab.scenario.LedgerSceneLoader;

/** What the explorer commands need from the ledger side: scenes, mitigation ids and the real engine. */
final class LedgerBackend {

    private LedgerBackend() {
    }

    static List<String> mitigationIds() {
        return LedgerSceneLoader.MITIGATION_IDS;
    }

    /** Loads a ledger scene; a bad file becomes a usage error with its {@code file:line:column} message. */
    static LedgerExplorer explorer() {
        return new LedgerExplorer(new LedgerEngineRunners(), new MitigationFootprints());
    }
}
