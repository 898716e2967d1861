package racelab.logsim.model;

/**
 * A balance as the stream task stores it and writes it to the changelog. Besides the balance it carries its own
 * lineage (the entry that produced it and the value it replaced), so after recovery every balance can say which
 * entries it contains, and how often.
 *
 * @param lastInputOffset input offset of the entry that produced this value (used by the idempotent processor)
 * @param previous the value this one replaced, or null (lineage off or first value)
 */
public record StoreValue(long balanceCents, int entryId, long lastInputOffset, StoreValue previous) {

    /** How many times {@code id} was applied to reach this value. */
    public int applications(int id) {
        int count = 0;
        for (StoreValue v = this; v != null; v = v.previous) {
            if (v.entryId == id) {
                count++;
            }
        }
        return count;
    }
}
