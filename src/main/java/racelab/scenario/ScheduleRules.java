package racelab.scenario;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that a schedule is an interleaving of the scene's lanes: every transfer's four phases exactly once and
 * in lane order, plus any number of {@code replica.replicate} steps.
 *
 * <p>Shared by the scene loader (which locates a problem in the file) and the command line (which names the item).
 */
public final class ScheduleRules {

    /** One problem: which schedule item (or -1 for the schedule as a whole) and what is wrong. */
    public record Problem(int itemIndex, String message) {
    }

    private ScheduleRules() {
    }

    /** Parses comma-separated {@code T1.begin,T2.begin,...}; returns null for an item without a dot. */
    public static List<StepRef> parseList(String text) {
        List<StepRef> steps = new ArrayList<>();
        for (String item : text.split(",")) {
            steps.add(StepRef.parseOrNull(item.trim()));
        }
        return steps;
    }

    /**
     * @param schedule the steps; a null item means it could not be parsed
     * @return the first problem, or null when the schedule is a valid interleaving
     */
    public static Problem firstProblem(List<StepRef> schedule, List<String> laneIds) {
        Set<String> lanes = Set.copyOf(laneIds);
        Map<String, Integer> nextPhase = new HashMap<>();
        for (int i = 0; i < schedule.size(); i++) {
            StepRef step = schedule.get(i);
            if (step == null) {
                return new Problem(i, "expected a step written lane.phase, e.g. T1.begin");
            }
            if (step.lane().equals(LedgerScene.REPLICA_LANE) && !lanes.contains(step.lane())) {
                if (!step.phase().equals(LedgerScene.REPLICATE_PHASE)) {
                    return new Problem(i, "unknown phase '" + step.phase() + "' for the replica; its only phase is "
                            + LedgerScene.REPLICATE_PHASE);
                }
                continue;
            }
            if (!lanes.contains(step.lane())) {
                return new Problem(i, "unknown lane '" + step.lane() + "' in step " + step + "; expected one of "
                        + String.join(", ", laneIds) + " or replica");
            }
            int phaseIndex = LedgerScene.PHASES.indexOf(step.phase());
            if (phaseIndex < 0) {
                return new Problem(i, "unknown phase '" + step.phase() + "' in step " + step + "; expected one of "
                        + String.join(", ", LedgerScene.PHASES));
            }
            int expected = nextPhase.getOrDefault(step.lane(), 0);
            if (phaseIndex < expected) {
                return new Problem(i, "step " + step + " is repeated or out of " + step.lane() + "'s order");
            }
            if (phaseIndex > expected) {
                return new Problem(i, "step " + step + " comes before " + step.lane() + "."
                        + LedgerScene.PHASES.get(expected) + "; a lane's steps must keep the order "
                        + String.join(", ", LedgerScene.PHASES));
            }
            nextPhase.put(step.lane(), expected + 1);
        }
        for (String lane : laneIds) {
            int done = nextPhase.getOrDefault(lane, 0);
            if (done < LedgerScene.PHASES.size()) {
                return new Problem(-1, "schedule is missing step " + lane + "." + LedgerScene.PHASES.get(done));
            }
        }
        return null;
    }
}
