package racelab.ui.ledger;

/**
 * A mitigation as the chooser lists it.
 *
 * @param id the id scenes and the engine use, e.g. {@code for-update}
 * @param explanation what it does, one paragraph
 * @param tradeOff what it costs, one paragraph
 */
public record MitigationChoice(String id, String explanation, String tradeOff) {

    @Override
    public String toString() {
        return id;
    }
}
