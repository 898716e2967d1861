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

    /** The explorer on the given backend with {@code runners} runners, or the backend's default when null. */
    static LedgerExplorer explorer(DatabaseBackend backend, Integer runners) {
        LedgerEngineRunners factory = new LedgerEngineRunners(backend);
        return new LedgerExplorer(factory, new BackendFootprints(backend.id()),
                runners == null ? factory.parallelism() : runners);
    }

    /** Refuses a {@code --runners} value outside 1..64 (null: not given). */
    static void checkRunners(Integer runners) throws UsageException {
        if (runners != null && (runners < 1 || runners > 64)) {
            throw new UsageException("--runners must be between 1 and 64, got " + runners);
        }
    }
}
