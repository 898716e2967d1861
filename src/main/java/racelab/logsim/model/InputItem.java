package racelab.logsim.model;

/**
 * The value of a record on the journal topic: a whole entry, or one leg of it when entries are split by account.
 *
 * @param leg WHOLE (both accounts in one task), DEBIT (decide and debit only), CREDIT (credit only, no decision),
 *     SAGA_DEBIT (decide, debit, then emit the CREDIT leg as a new record)
 */
public record InputItem(JournalEntry entry, Leg leg) {

    /** Which part of an entry a record carries. */
    public enum Leg { WHOLE, DEBIT, CREDIT, SAGA_DEBIT }

    /** The account this record is keyed (and partitioned) by. */
    public String key() {
        return leg == Leg.CREDIT || entry.isOpening() ? entry.toAccount() : entry.fromAccount();
    }
}
