package racelab.explore;

import racelab.scenario.LedgerScene;

/**
 * The footprint table for one backend. On H2 it is {@link MitigationFootprints} as it is. On PostgreSQL,
 * {@code serializable} prunes nothing: SSI may take its read (SIREAD) locks on a whole relation (a sequential scan
 * of a small table does), so a read of one account can conflict with a write of another, which the per-account
 * footprints would call independent (PostgreSQL documentation, 13.2.3 "Serializable Isolation Level").
 * {@code advisory-lock}, which only PostgreSQL runs, is not in the table either, so it prunes nothing.
 */
public final class BackendFootprints implements FootprintCatalog {

    private final FootprintCatalog table = new MitigationFootprints();
    private final boolean relationLevelPredicateLocks;

    /** @param backendId {@code h2} or {@code postgres} */
    public BackendFootprints(String backendId) {
        this.relationLevelPredicateLocks = "postgres".equals(backendId);
    }

    @Override
    public FootprintModel model(LedgerScene scene, String mitigation) {
        if (relationLevelPredicateLocks && "serializable".equals(mitigation)) {
            return FootprintModel.UNKNOWN;
        }
        return table.model(scene, mitigation);
    }
}
