package racelab.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import racelab.ledger.LedgerEngine;
import racelab.ledger.LedgerRun;
import racelab.ledger.Mitigation;
import racelab.ledger.Mitigations;
import racelab.scenario.LedgerScene;
import racelab.scenario.LedgerSceneLoader;
import racelab.scenario.SceneFormatException;
import racelab.scenario.StepRef;
import racelab.ui.ledger.LedgerBackend;
import racelab.ui.ledger.MitigationChoice;
import racelab.ui.logview.LogBackend;
import racelab.logsim.LogSimulation;
import racelab.logsim.config.SettingException;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.scene.LogScene;
import racelab.logsim.scene.LogSceneLoader;
import java.util.Map;

/** The engines the app runs on: the real ones, wired once here. */
public final class LabBackends {

    private LabBackends() {
    }

    /** The ledger engine on embedded H2: every run is a fresh in-memory database, one connection and thread per lane. */
    public static LedgerBackend ledger() {
        return ledger(null);
    }

    /**
     * The ledger engine on the database the header's switch chose (H2 when {@code database} is null): every run is a
     * fresh database (an in-memory H2 database, a PostgreSQL schema), one connection and thread per lane.
     */
    public static LedgerBackend ledger(DatabaseSelection database) {
        return new LedgerBackend() {
            @Override
            public DatabaseSelection database() {
                return database;
            }

            private racelab.ledger.DatabaseBackend backend() {
                return database == null ? racelab.ledger.H2Backend.INSTANCE : database.current();
            }

            @Override
            public String unavailableReason(String mitigation) {
                racelab.ledger.DatabaseBackend now = database == null ? racelab.ledger.H2Backend.INSTANCE
                        : database.ready();
                return Mitigations.byId(mitigation).flatMap(now::unavailableReason).orElse(null);
            }

            @Override
            public LedgerScene load(Path file) throws SceneFormatException {
                return LedgerSceneLoader.load(file);
            }

            @Override
            public LedgerRun run(LedgerScene scene, String mitigation, List<StepRef> schedule) throws Exception {
                return LedgerEngine.runOnce(scene, mitigation, schedule, backend());
            }

            @Override
            public List<MitigationChoice> mitigations() {
                List<MitigationChoice> choices = new ArrayList<>();
                for (Mitigation mitigation : Mitigations.everyMitigation()) {
                    choices.add(new MitigationChoice(mitigation.id(), mitigation.explanation(), mitigation.tradeOff()));
                }
                return choices;
            }
        };
    }

    /** The deterministic log simulator. */
    public static LogBackend log() {
        return new LogBackend() {
            @Override
            public LogScene load(Path file) throws SceneFormatException {
                return LogSceneLoader.load(file);
            }

            @Override
            public LogRunResult run(LogScene scene, long seed, Map<String, String> overrides) throws Exception {
                return LogSimulation.run(scene, seed, overrides);
            }

            @Override
            public LogRunResult run(LogScene scene, long seed, Map<String, String> overrides,
                    java.util.function.BooleanSupplier cancelled) throws Exception {
                return LogSimulation.run(scene, seed, overrides, cancelled);
            }

            @Override
            public List<String> machines(LogScene scene) {
                try {
                    return new ArrayList<>(LogSceneLoader.machineIds(LogSimulation.settingsFor(scene, Map.of())));
                } catch (SettingException e) {
                    // The loader already validated the settings; an empty picker is the honest fallback.
                    return List.of();
                }
            }
        };
    }
}
