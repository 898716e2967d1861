package racelab.explore;

import racelab.scenario.LedgerScene;

/** Gives the footprint model of a scene under a mitigation; see {@link MitigationFootprints} for the real one. */
@FunctionalInterface
public interface FootprintCatalog {

    /** A catalog that knows nothing, so nothing is pruned. */
    FootprintCatalog UNKNOWN = (scene, mitigation) -> FootprintModel.UNKNOWN;

    FootprintModel model(LedgerScene scene, String mitigation);
}
