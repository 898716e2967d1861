package racelab.cli;

import java.util.List;
import racelab.explore.BackendFootprints;
import racelab.explore.LedgerEngineRunners;
import racelab.explore.LedgerExplorer;
import racelab.ledger.DatabaseBackend;
import racelab.ledger.H2Backend;
import racelab.ledger.Mitigations;

/** What the explorer commands need from the ledger side: scenes, mitigation ids and the real engine. */
final class LedgerBackend {

    private LedgerBackend() {
    }

    /** Every mitigation id, also those only some backends run (advisory-lock needs PostgreSQL). */
    static List<String> mitigationIds() {
        return Mitigations.everyId();
    }

    /** The explorer on embedded H2. */
    static LedgerExplorer explorer() {
        return explorer(H2Backend.INSTANCE);
    }

    /** The explorer on the given backend, with that backend's footprint table. */
    static LedgerExplorer explorer(DatabaseBackend backend) {
        return new LedgerExplorer(new LedgerEngineRunners(backend), new BackendFootprints(backend.id()));
    }
}
