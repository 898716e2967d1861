package racelab.compare;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import racelab.ledger.LedgerEngine;
import racelab.ledger.Mitigations;
import racelab.scenario.LedgerScene;
import racelab.scenario.StepRef;

/**
 * One schedule of a ledger scene replayed under several mitigations on real H2, one run per mitigation.
 *
 * <p>All runs go through one {@link LedgerEngine}, which resets the database between runs, so a comparison of
 * ten mitigations opens one database, not ten. Each run is exactly what the engine gives for that mitigation alone.
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
        for (String id : mitigations) {
            if (Mitigations.byId(id).isEmpty()) {
                throw new IllegalArgumentException("unknown mitigation '" + id + "'; expected one of "
                        + String.join(", ", Mitigations.ids()));
            }
        }
        List<ComparedRun> runs = new ArrayList<>();
        try (LedgerEngine engine = LedgerEngine.open(scene)) {
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
