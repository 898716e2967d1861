package racelab.ui.logview;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.scene.LogScene;
import racelab.scenario.SceneFormatException;

/** What the UI needs from the log simulator; {@link #run} is called off the FX thread. */
public interface LogBackend {

    LogScene load(Path file) throws SceneFormatException;

    /** Runs the scene (with whatever faults it carries) under the seed and setting overrides. */
    LogRunResult run(LogScene scene, long seed, Map<String, String> overrides) throws Exception;

    /** Like {@link #run(LogScene, long, Map)}, stopping early (with any exception) once {@code cancelled} is true. */
    default LogRunResult run(LogScene scene, long seed, Map<String, String> overrides,
            java.util.function.BooleanSupplier cancelled) throws Exception {
        return run(scene, seed, overrides);
    }

    /** Machine ids of the scene's cluster (brokers, app instances), for the power-cut picker. */
    List<String> machines(LogScene scene);
}
