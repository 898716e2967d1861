package racelab.compare;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import racelab.ledger.DatabaseBackend;
import racelab.ledger.H2Backend;
import racelab.ledger.LedgerEngine;
import racelab.ledger.Mitigation;
import racelab.ledger.MitigationUnavailableException;
import racelab.ledger.Mitigations;
import racelab.scenario.LedgerScene;
import racelab.scenario.StepRef;

/**
 * One schedule of a ledger scene replayed under several mitigations on a real database (embedded H2 unless a
 * backend is given), one run per mitigation.
 *
 * <p>All runs go through one {@link LedgerEngine}, which resets the database between runs, so a comparison of
 * eleven mitigations opens one database, not eleven. Each run is exactly what the engine gives for that mitigation alone.
 *
 * @param runs one entry per mitigation, in the order asked for
 */
public record Comparison(LedgerScene scene, List<StepRef> schedule, List<ComparedRun> runs) {

    public Comparison {
        schedule = List.copyOf(schedule);
        runs = List.copyOf(runs);
    }

    /**
     * Replays {@code schedule} under each mitigation.
     *
     * @throws IllegalArgumentException for an unknown mitigation id (before anything runs)
     */
    public static Comparison run(LedgerScene scene, List<String> mitigations, List<StepRef> schedule)
            throws SQLException {
        return run(scene, mitigations, schedule, H2Backend.INSTANCE);
    }

    /**
     * Replays {@code schedule} under each mitigation on the given backend.
     *
     * @throws IllegalArgumentException for an unknown mitigation id, or one the backend cannot run (before
     *         anything runs)
     */
    public static Comparison run(LedgerScene scene, List<String> mitigations, List<StepRef> schedule,
                                 DatabaseBackend backend) throws SQLException {
        for (String id : mitigations) {
            Mitigation mitigation = Mitigations.byId(id).orElseThrow(() -> new IllegalArgumentException(
                    "unknown mitigation '" + id + "'; expected one of " + String.join(", ", Mitigations.everyId())));
            backend.unavailableReason(mitigation).ifPresent(reason -> {
                throw new MitigationUnavailableException(id, backend.productName(), reason);
            });
        }
        List<ComparedRun> runs = new ArrayList<>();
        try (LedgerEngine engine = LedgerEngine.open(scene, backend)) {
            for (String id : mitigations) {
                runs.add(ComparedRun.of(engine.run(id, schedule)));
            }
        }
        return new Comparison(scene, schedule, runs);
    }

    /** Every mitigation on the scene's own schedule. */
    public static Comparison all(LedgerScene scene) throws SQLException {
        return run(scene, Mitigations.ids(), scene.schedule());
    }
}
