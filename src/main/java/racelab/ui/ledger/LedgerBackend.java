package racelab.ui.ledger;

import java.nio.file.Path;
import java.util.List;
import racelab.ledger.LedgerRun;
import racelab.scenario.LedgerScene;
import racelab.scenario.SceneFormatException;
import racelab.scenario.StepRef;

/**
 * What the UI needs from the ledger engine; the one place the UI touches it, so views stay free of JDBC.
 *
 * <p>{@link #run} is slow (real H2, one thread per lane) and is always called off the FX thread.
 */
public interface LedgerBackend {

    LedgerScene load(Path file) throws SceneFormatException;

    /** Replays {@code schedule} under {@code mitigation} on a fresh database. */
    LedgerRun run(LedgerScene scene, String mitigation, List<StepRef> schedule) throws Exception;

    /** Every mitigation, in the order the chooser lists them. */
    List<MitigationChoice> mitigations();

    /** The header's database switch the runs follow; null when the backend always runs on H2 (tests, snapshots). */
    default racelab.ui.DatabaseSelection database() {
        return null;
    }

    /** Why a mitigation cannot run on the database the runs go to now, or null when it can. */
    default String unavailableReason(String mitigation) {
        return null;
    }
}
