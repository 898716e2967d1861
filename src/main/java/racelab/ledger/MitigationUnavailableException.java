package racelab.ledger;

/** A mitigation the chosen database cannot run, with the reason in people's words (advisory-lock on H2). */
public final class MitigationUnavailableException extends IllegalArgumentException {

    private final String mitigation;
    private final String reason;

    public MitigationUnavailableException(String mitigation, String product, String reason) {
        super(mitigation + " is unavailable on " + product + ": " + reason);
        this.mitigation = mitigation;
        this.reason = reason;
    }

    public String mitigation() {
        return mitigation;
    }

    public String reason() {
        return reason;
    }
}
