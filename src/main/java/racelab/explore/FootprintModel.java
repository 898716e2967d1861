package racelab.explore;

import racelab.scenario.StepRef;

/** Gives the footprint of every step of a scene under one mitigation; the base of the independence relation. */
@FunctionalInterface
public interface FootprintModel {

    /** A model that knows nothing: every step conflicts with every step of another lane, so nothing is pruned. */
    FootprintModel UNKNOWN = step -> StepFootprint.UNKNOWN;

    StepFootprint footprint(StepRef step);
}
