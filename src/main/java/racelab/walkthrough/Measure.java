package racelab.walkthrough;

import java.util.List;

/**
 * A quantity of a real run that a prediction is checked against, e.g. the verdict, alice's final balance or the
 * number of lost entries. Written in a walkthrough as {@code measure: verdict} or {@code measure: balance:alice}.
 *
 * @param argument the account for {@link Type#BALANCE}; {@code later} or {@code earlier} for {@link Type#SURVIVOR};
 *     otherwise null
 */
public record Measure(Type type, String argument) {

    /** Every measure; each knows the scene kind it applies to and whether its answer is a number or a choice. */
    public enum Type {
        VERDICT("verdict", "ledger", false, "will a rule break? (violated or safe)"),
        OUTCOME("outcome", "ledger", false, "how does the run end? (violated, deadlock, aborted+retried, ...)"),
        BALANCE("balance", "ledger", true, "an account's final committed balance"),
        FIRST_WAIT("first-wait", "ledger", false, "which step waits for a lock first (or none)"),
        ANOMALY("anomaly", "ledger", false, "which anomaly does the checker report (right if it is one of them)"),
        SOUND_FIX("sound-fix", "ledger", false,
                "a mitigation that is safe on every interleaving (right if the explorer finds no violation)"),
        BALANCES("balances", "log", false, "are the balances right after recovery? (right or wrong)"),
        LOST_ENTRIES("lost-entries", "log", true, "how many journal entries are lost"),
        DUPLICATE_ENTRIES("duplicate-entries", "log", true, "how many journal entries are applied twice"),
        WRONG_ACCOUNTS("wrong-accounts", "log", true, "how many accounts end with a wrong balance"),
        CAUSE("cause", "log", false, "the shape the forensics find: lost (a record disappeared), applied-twice (replayed), "
                + "both or none; entries wrong only as a consequence of another wrong balance do not count"),
        REMOVING_SETTING("removing-setting", "log", false,
                "which single setting removes the damage over a seed range (right if it is one that does)"),
        SURVIVOR("survivor", "log", false, "which entry lost with the fault where the stop places it (after: N) "
                + "survives when the fault moves one event later (survivor:later) or earlier (survivor:earlier); "
                + "none if no entry does");

        private final String yamlName;
        private final String kind;
        private final boolean numeric;
        private final String meaning;

        Type(String yamlName, String kind, boolean numeric, String meaning) {
            this.yamlName = yamlName;
            this.kind = kind;
            this.numeric = numeric;
            this.meaning = meaning;
        }

        public String yamlName() {
            return yamlName;
        }

        /** {@code ledger} or {@code log}. */
        public String kind() {
            return kind;
        }

        public boolean numeric() {
            return numeric;
        }

        public String meaning() {
            return meaning;
        }
    }

    /** The choices offered when a walkthrough lists none; empty for numbers and scene-dependent choices. */
    public List<String> defaultOptions() {
        switch (type) {
            case VERDICT:
                return List.of("violated", "safe");
            case OUTCOME:
                return List.of("violated", "deadlock", "aborted+retried", "aborted", "declined", "safe");
            case ANOMALY:
                return List.of("constraint-violated", "lost-update", "money-created", "money-destroyed",
                        "duplicate-apply", "stale-read", "write-skew", "none");
            case BALANCES:
                return List.of("wrong", "right");
            case CAUSE:
                return List.of("lost", "applied-twice", "both", "none");
            default:
                return List.of();
        }
    }

    public boolean numeric() {
        return type.numeric();
    }

    /** As written in a walkthrough file. */
    @Override
    public String toString() {
        return argument == null ? type.yamlName() : type.yamlName() + ":" + argument;
    }
}
