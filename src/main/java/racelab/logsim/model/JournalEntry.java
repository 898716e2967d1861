package racelab.logsim.model;

/**
 * One journal entry of the workload: an opening deposit into one account or a transfer between two.
 *
 * @param id position in the journal, from 0; ground truth applies entries in this order
 * @param fromAccount debited account, or null for an opening deposit
 * @param toAccount credited account
 * @param timeMs simulated time the upstream client submits it
 */
public record JournalEntry(int id, String fromAccount, String toAccount, long amountCents, long timeMs) {

    public boolean isOpening() {
        return fromAccount == null;
    }

    @Override
    public String toString() {
        return isOpening()
                ? "e" + id + " open " + toAccount + " +" + amountCents
                : "e" + id + " " + fromAccount + "->" + toAccount + " " + amountCents;
    }
}
