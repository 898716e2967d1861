package racelab.crosscheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import racelab.logsim.LogSimulation;
import racelab.logsim.config.LogSettings;
import racelab.logsim.config.SettingException;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.scene.LogScene;

/**
 * The simulator's result for a scene next to N real runs of the same scene (same journal, same settings, same
 * faults), with the spread over the real runs and whether the two agree. Agreement is about symptoms, not exact
 * counts (real runs are not deterministic): a symptom the simulator predicts (lost, applied twice, wrong accounts)
 * must show in at least one real run, a symptom it rules out must show in none, and the real runs' modes must be
 * among the simulator's.
 */
public final class CrossCheck {

    private CrossCheck() {
    }

    /** Runs the simulator, then the real runs one after another; stops every process before returning or throwing. */
    public static CrossCheckReport run(LogScene scene, long seed, Map<String, String> overrides, int runs,
            BooleanSupplier cancelled, RealRun.Progress progress) throws CrossCheckException, SettingException {
        LogSettings settings = LogSimulation.settingsFor(scene, overrides);
        Crosscheckability verdict = Crosscheckability.of(scene, settings);
        if (!verdict.checkable()) {
            throw new CrossCheckException(scene.id() + " is simulated only: " + verdict.reason());
        }
        try (ClusterPool pool = new ClusterPool(KafkaRuntime.locate())) {
            return run(scene, seed, overrides, runs, 0, cancelled, progress, pool);
        }
    }

    /**
     * Like {@link #run(LogScene, long, Map, int, BooleanSupplier, RealRun.Progress)}, sharing a pool's broker.
     *
     * @param timeScale how many times faster than the scene the real runs go; 0 for the largest the broker's minimum
     *     session timeout allows ({@link RealRun#timeScale})
     */
    public static CrossCheckReport run(LogScene scene, long seed, Map<String, String> overrides, int runs,
            double timeScale, BooleanSupplier cancelled, RealRun.Progress progress, ClusterPool pool)
            throws CrossCheckException, SettingException {
        LogSettings settings = LogSimulation.settingsFor(scene, overrides);
        Crosscheckability verdict = Crosscheckability.of(scene, settings);
        if (!verdict.checkable()) {
            throw new CrossCheckException(scene.id() + " is simulated only: " + verdict.reason());
        }
        progress.step("simulating " + scene.id());
        LogRunResult simulated;
        try {
            simulated = LogSimulation.run(scene, seed, overrides, cancelled);
        } catch (LogSimulation.CancelledException e) {
            throw new CancelledException();
        }
        KafkaRuntime runtime = pool.runtime();
        List<RealRunResult> real = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            int n = i;
            long startNs = System.nanoTime();
            RealRun.Progress tagged = message -> progress.step(String.format("real run %d/%d, %5.1f s: %s", n, runs,
                    (System.nanoTime() - startNs) / 1e9, message));
            real.add(new RealRun(scene, settings, seed, runtime, cancelled, tagged, pool, timeScale).execute(i));
        }
        return CrossCheckReport.of(scene, seed, settings, verdict, simulated, real);
    }
}
