package racelab.walkthrough;

import java.util.List;
import racelab.scenario.StepRef;

/**
 * A goal won on the real engine, in the spirit of Learn Git Branching's levels and The Deadlock Empire's
 * challenges: the player changes the run (drags steps, places a power cut, changes a setting) and wins when the
 * real run meets the goal. Moves are counted; fewer is better.
 *
 * @param start ledger goals: the schedule the player starts from, or null for the stop's own
 */
public record Challenge(Goal goal, String prompt, List<String> hints, List<StepRef> start) {

    public Challenge {
        hints = List.copyOf(hints);
        start = start == null ? null : List.copyOf(start);
    }

    /** What the real run must show. */
    public enum Goal {
        /** Ledger: drag steps until a rule breaks (the run's verdict is violated). */
        BREAK_RULE("break-rule", "ledger", "drag the steps until the rule breaks"),
        /** Ledger: drag steps until the database picks a deadlock victim. */
        DEADLOCK("deadlock", "ledger", "find a schedule that deadlocks"),
        /**
         * Ledger: choose the mitigation that is safe on every interleaving (checked by the explorer) with the fewest
         * statements sent to the database on the stop's schedule.
         */
        FEWEST_STATEMENTS("fewest-statements", "ledger", "make it safe with the fewest extra statements"),
        /** Log: place the power cut so that an entry the producer saw acknowledged is lost. */
        LOSE_ACKED("lose-acked", "log", "place the power cut so an acknowledged write is lost"),
        /** Log: change one setting so that nothing is lost or applied twice. */
        ONE_SETTING("one-setting", "log", "make the loss disappear by changing one setting");

        private final String yamlName;
        private final String kind;
        private final String summary;

        Goal(String yamlName, String kind, String summary) {
            this.yamlName = yamlName;
            this.kind = kind;
            this.summary = summary;
        }

        public String yamlName() {
            return yamlName;
        }

        /** The scene kind the goal applies to. */
        public String kind() {
            return kind;
        }

        public String summary() {
            return summary;
        }
    }
}
