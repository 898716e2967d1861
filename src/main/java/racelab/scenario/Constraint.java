package racelab.scenario;

/** A balance rule an account must keep after every committed journal entry. */
public enum Constraint {
    /** Balance must stay at or above zero (a current account). */
    NON_NEGATIVE("non-negative"),
    /** Balance must stay at or below zero (a loan: the bank must never owe the borrower). */
    NON_POSITIVE("non-positive"),
    /** No rule. */
    NONE("none");

    private final String yamlName;

    Constraint(String yamlName) {
        this.yamlName = yamlName;
    }

    /** The spelling used in scene files. */
    public String yamlName() {
        return yamlName;
    }

    /** Whether a balance keeps this rule. */
    public boolean allows(long balance) {
        switch (this) {
            case NON_NEGATIVE:
                return balance >= 0;
            case NON_POSITIVE:
                return balance <= 0;
            default:
                return true;
        }
    }
}
