package racelab.crosscheck.child;

import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The ledger's processing step, shared by the Kafka Streams app and the hand-made consumer app so both decide exactly
 * like the simulator's stream task ({@code racelab.logsim.streams.StreamTask}): get the balance, decide (an account
 * may not go below zero), put the new balance, report applied or rejected. With {@code idempotent} a balance keeps the
 * input offset of the entry that produced it and a replayed entry (offset not above it) is skipped.
 *
 * <p>Wire formats (plain text so a human can read the topics): a journal record is {@code id,from,to,amountCents}
 * ({@code from} empty for an opening deposit), keyed by the debited account (the credited one for an opening); a
 * balance is {@code balanceCents;lastInputOffset;writer;id id id...}: the instance that wrote it and every entry
 * applied to that account in order, so the audit can count how often each entry's effect is present and who wrote
 * the balance a restore adopts (the simulator's lineage, as data).
 */
public final class LedgerRules {

    private LedgerRules() {
    }

    /** One journal entry as carried by the journal topic. */
    public record Entry(int id, String from, String to, long amountCents) {

        public boolean isOpening() {
            return from.isEmpty();
        }

        public String encode() {
            return id + "," + from + "," + to + "," + amountCents;
        }

        public static Entry decode(String text) {
            String[] f = text.split(",", -1);
            return new Entry(Integer.parseInt(f[0]), f[1], f[2], Long.parseLong(f[3]));
        }

        /** The key (and so the partition) of the entry's journal record. */
        public String key() {
            return isOpening() ? to : from;
        }
    }

    /** A stored balance: the input offset that produced it, its writer, the ids of every entry applied to it. */
    public record Balance(long cents, long lastInputOffset, String writer, String appliedIds) {

        static final Balance EMPTY = new Balance(0, -1, "", "");

        public static Balance decode(String text) {
            if (text == null) {
                return null;
            }
            String[] f = text.split(";", 4);
            return new Balance(Long.parseLong(f[0]), Long.parseLong(f[1]), f[2], f.length > 3 ? f[3] : "");
        }

        public String encode() {
            return cents + ";" + lastInputOffset + ";" + writer + ";" + appliedIds;
        }

        /** How many times each entry id was applied to reach this balance. */
        public java.util.Map<Integer, Integer> applications() {
            java.util.Map<Integer, Integer> counts = new java.util.HashMap<>();
            if (!appliedIds.isEmpty()) {
                for (String id : appliedIds.split(" ")) {
                    counts.merge(Integer.parseInt(id), 1, Integer::sum);
                }
            }
            return counts;
        }

        Balance plus(long deltaCents, int entryId, long offset, String by) {
            return new Balance(cents + deltaCents, offset, by, appliedIds.isEmpty() ? Integer.toString(entryId)
                    : appliedIds + " " + entryId);
        }
    }

    /**
     * Applies one entry read at {@code offset}: reads balances with {@code get}, writes new ones with {@code put}, and
     * returns whether the entry counts as applied (the simulator's WHOLE leg).
     */
    public static boolean apply(Entry e, long offset, String instance, boolean idempotent, Function<String, String> get,
            BiConsumer<String, String> put) {
        if (e.isOpening()) {
            credit(e, offset, instance, idempotent, get, put);
            return true;
        }
        return debitIfFunded(e, offset, instance, idempotent, get, put) && credit(e, offset, instance, idempotent, get, put);
    }

    private static boolean debitIfFunded(Entry e, long offset, String instance, boolean idempotent, Function<String, String> get,
            BiConsumer<String, String> put) {
        Balance from = Balance.decode(get.apply(e.from()));
        if (idempotent && from != null && from.lastInputOffset() >= offset) {
            return true;
        }
        Balance base = from == null ? Balance.EMPTY : from;
        if (base.cents() < e.amountCents()) {
            return false;
        }
        put.accept(e.from(), base.plus(-e.amountCents(), e.id(), offset, instance).encode());
        return true;
    }

    private static boolean credit(Entry e, long offset, String instance, boolean idempotent, Function<String, String> get,
            BiConsumer<String, String> put) {
        Balance to = Balance.decode(get.apply(e.to()));
        if (idempotent && to != null && to.lastInputOffset() >= offset) {
            return true;
        }
        Balance base = to == null ? Balance.EMPTY : to;
        put.accept(e.to(), base.plus(e.amountCents(), e.id(), offset, instance).encode());
        return true;
    }

    /** The applied topic's value: {@code id;applied|rejected;instance}. */
    public static String decision(int entryId, boolean applied, String instance) {
        return entryId + ";" + (applied ? "applied" : "rejected") + ";" + instance;
    }
}
