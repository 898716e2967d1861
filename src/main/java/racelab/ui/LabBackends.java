package racelab.ui;

import java.nio.file.Path;
import java.util.List;
import racelab.ledger.LedgerRun;
import racelab.scenario.LedgerScene;
import racelab.scenario.SceneFormatException;
import racelab.scenario.StepRef;
import racelab.ui.ledger.LedgerBackend;
import racelab.ui.ledger.MitigationChoice;

/** The engines the app runs on. */
public final class LabBackends {

    private LabBackends() {
    }

    /** The ledger engine; until it is merged into this branch, every ledger scene says so. */
    public static LedgerBackend ledger() {
        return new LedgerBackend() {
            @Override
            public LedgerScene load(Path file) throws SceneFormatException {
                throw new SceneFormatException(file.toString(), 1, 1, "the ledger engine is not in this build yet");
            }

            @Override
            public LedgerRun run(LedgerScene scene, String mitigation, List<StepRef> schedule) {
                throw new UnsupportedOperationException("the ledger engine is not in this build yet");
            }

            @Override
            public List<MitigationChoice> mitigations() {
                return List.of();
            }
        };
    }
}
