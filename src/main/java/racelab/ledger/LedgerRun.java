package racelab.ledger;

import java.util.List;
import java.util.Map;
import racelab.check.Anomaly;
import racelab.check.AnomalyType;
import racelab.scenario.LedgerScene;
import racelab.scenario.StepRef;

/**
 * The immutable result of replaying one schedule of a ledger scene under one mitigation on a real database.
 *
 * <p>Everything the UI shows for a run comes from here; stepping back is moving a cursor over {@link #steps()}.
 * The header (scene, mitigation, schedule, idempotency keys) is enough to replay the run.
 *
 * @param schedule the schedule that was replayed (the scene's own, or one given by the user)
 * @param initialBalances balances before the first step, in scene order
 * @param finalBalances committed balances after the run, in scene order
 * @param idempotencyKeys whether the app recorded request keys and refused to apply one twice
 * @param database the database the run went to, with its server version and any per-session teaching settings
 */
public record LedgerRun(
        LedgerScene scene,
        String mitigation,
        List<StepRef> schedule,
        Map<String, Long> initialBalances,
        List<TraceStep> steps,
        Map<String, Long> finalBalances,
        List<Anomaly> anomalies,
        boolean idempotencyKeys,
        RunDatabase database) {

    public LedgerRun {
        schedule = List.copyOf(schedule);
        steps = List.copyOf(steps);
        anomalies = List.copyOf(anomalies);
        initialBalances = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(initialBalances));
        finalBalances = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(finalBalances));
    }

    /** A run on embedded H2. */
    public LedgerRun(LedgerScene scene, String mitigation, List<StepRef> schedule, Map<String, Long> initialBalances,
                     List<TraceStep> steps, Map<String, Long> finalBalances, List<Anomaly> anomalies,
                     boolean idempotencyKeys) {
        this(scene, mitigation, schedule, initialBalances, steps, finalBalances, anomalies, idempotencyKeys,
                RunDatabase.h2());
    }

    /** A run without idempotency keys. */
    public LedgerRun(LedgerScene scene, String mitigation, List<StepRef> schedule, Map<String, Long> initialBalances,
                     List<TraceStep> steps, Map<String, Long> finalBalances, List<Anomaly> anomalies) {
        this(scene, mitigation, schedule, initialBalances, steps, finalBalances, anomalies, false);
    }

    /** {@code violated} when any anomaly other than a handled deadlock broke the ledger, else {@code safe}. */
    public String verdict() {
        boolean broken = anomalies.stream().anyMatch(a -> a.type() != AnomalyType.DEADLOCK);
        return broken ? "violated" : "safe";
    }

    /** Whether an anomaly of this type was found. */
    public boolean has(AnomalyType type) {
        return anomalies.stream().anyMatch(a -> a.type() == type);
    }
}
