package racelab.check;

/**
 * A named problem found after a run.
 *
 * @param account the account concerned, or null when the anomaly is about the whole ledger
 * @param stepIndex trace index where it first became visible, or -1 when only the end state shows it
 * @param literature its name in the isolation literature (Adya's phenomena as Hermitage tests them, Berenson et al.
 *     for P4), e.g. {@code P4 lost update}; null when it is no isolation anomaly (a stale replica, a repeated
 *     request, a deadlock)
 */
public record Anomaly(AnomalyType type, String account, String message, int stepIndex, String literature) {

    /** An anomaly named by its type's usual literature name. */
    public Anomaly(AnomalyType type, String account, String message, int stepIndex) {
        this(type, account, message, stepIndex, type.literatureName());
    }

    /** The same anomaly under another literature name (or none). */
    public Anomaly withLiterature(String name) {
        return new Anomaly(type, account, message, stepIndex, name);
    }

    /**
     * The type and, when there is one, the literature's name, as the text outputs print it:
     * {@code CONSTRAINT_VIOLATED [P4 lost update]}.
     */
    public String typeAndName() {
        return literature == null ? type.name() : type.name() + " [" + literature + "]";
    }

    /** Plain words and, when there is one, the literature's name: {@code constraint violated (P4 lost update)}. */
    public String label() {
        String plain = type.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        return literature == null ? plain : plain + " (" + literature + ")";
    }
}
