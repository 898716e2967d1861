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
 * ({@code from} empty for an opening deposit), keyed by the debited account (the credited one for an opening). A
 * balance carries its lineage (the simulator's, as data) so the audit can count how often each entry's effect is
 * present and who wrote the balance a restore adopts, in one of two forms ({@link Lineage}):
 * <ul>
 * <li>full, {@code balanceCents;lastInputOffset;writer;id id id...}: every entry applied to the account, in order.
 *     The value grows with the account's history (about 1 KB by the middle of a scene).</li>
 * <li>linked, {@code balanceCents;lastInputOffset;writer;entryId;writeId;builtOnWriteId}: the one entry this write
 *     applied, a write id unique to the process, and the write id of the balance it was computed from ({@code -} for
 *     none). About 40 bytes whatever the history, so a record is the size a real ledger's balance record is and
 *     {@code batch.size} fills after as many records as the simulator's {@code sim.record.bytes} model says; the
 *     audit follows the links through the whole topic ({@code LineageIndex}).</li>
 * </ul>
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

    /**
     * A stored balance: the input offset that produced it, its writer, and its lineage: every entry id applied to it
     * ({@code appliedIds}, full form), or the one entry of this write with its own and its predecessor's write ids
     * (linked form, {@code writeId} not empty).
     */
    public record Balance(long cents, long lastInputOffset, String writer, String appliedIds, String writeId,
            String builtOn) {

        static final Balance EMPTY = new Balance(0, -1, "", "");

        /** A balance in the full form. */
        public Balance(long cents, long lastInputOffset, String writer, String appliedIds) {
            this(cents, lastInputOffset, writer, appliedIds, "", "");
        }

        public static Balance decode(String text) {
            if (text == null) {
                return null;
            }
            String[] f = text.split(";", -1);
            if (f.length == 6) {
                return new Balance(Long.parseLong(f[0]), Long.parseLong(f[1]), f[2], f[3], f[4], f[5]);
            }
            String[] full = text.split(";", 4);
            return new Balance(Long.parseLong(full[0]), Long.parseLong(full[1]), full[2], full.length > 3 ? full[3] : "");
        }

        public String encode() {
            String head = cents + ";" + lastInputOffset + ";" + writer + ";" + appliedIds;
            return isLinked() ? head + ";" + writeId + ";" + builtOn : head;
        }

        /** Linked form: the lineage is this write's entry plus the lineage of the write {@link #builtOn()} names. */
        public boolean isLinked() {
            return !writeId.isEmpty();
        }

        /** The same balance in the full form, given the full lineage of the balance it was built on. */
        public Balance withEarlierIds(String earlierIds) {
            return new Balance(cents, lastInputOffset, writer, earlierIds.isEmpty() ? appliedIds
                    : appliedIds.isEmpty() ? earlierIds : earlierIds + " " + appliedIds);
        }

        /** How many times each entry id was applied to reach this balance (full form). */
        public java.util.Map<Integer, Integer> applications() {
            java.util.Map<Integer, Integer> counts = new java.util.HashMap<>();
            if (!appliedIds.isEmpty()) {
                for (String id : appliedIds.split(" ")) {
                    counts.merge(Integer.parseInt(id), 1, Integer::sum);
                }
            }
            return counts;
        }
    }

    /** How a new balance records its lineage. */
    public interface Lineage {

        /** The balance after applying {@code deltaCents} of entry {@code entryId} (read at {@code offset}) to base. */
        Balance next(Balance base, long deltaCents, int entryId, long offset, String by);

        /** Every entry id in the value: simple to audit, but the value grows with the account's history. */
        Lineage FULL = (base, delta, id, offset, by) -> new Balance(base.cents() + delta, offset, by,
                base.appliedIds().isEmpty() ? Integer.toString(id) : base.appliedIds() + " " + id);

        /**
         * A link to the predecessor's write id: constant-size values.
         *
         * @param process a token unique to this process (write ids are {@code process.n}, n counting up)
         */
        static Lineage linked(String process) {
            long[] writes = {0};
            return (base, delta, id, offset, by) -> new Balance(base.cents() + delta, offset, by, Integer.toString(id),
                    process + "." + Long.toString(++writes[0], 36), base.writeId().isEmpty() ? "-" : base.writeId());
        }
    }

    /** What the processor emits for an entry: applied, rejected, or nothing (a replay whose decision is unknown). */
    public enum Outcome { APPLIED, REJECTED, UNKNOWN }

    /**
     * Applies one entry read at {@code offset}: reads balances with {@code get}, writes new ones with {@code put}, and
     * says what to emit (the simulator's WHOLE leg, {@code racelab.logsim.streams.StreamTask.apply}). With
     * {@code idempotent}, a replayed entry is recognised from the accounts' stored input offsets exactly as the
     * simulator's {@code StreamTask.replayedTransfer} does: only an account whose offset equals the entry's proves it
     * was applied (a leg that did not survive is completed); one account still behind it proves it was rejected; both
     * past it leave the decision unknown, and nothing is emitted.
     */
    public static Outcome apply(Entry e, long offset, String instance, boolean idempotent, Lineage lineage,
            Function<String, String> get, BiConsumer<String, String> put) {
        if (e.isOpening()) {
            credit(e, offset, instance, idempotent, lineage, get, put);
            return Outcome.APPLIED;
        }
        if (idempotent) {
            Outcome replay = replayed(e, offset, instance, lineage, get, put);
            if (replay != null) {
                return replay;
            }
        }
        return debitIfFunded(e, offset, instance, idempotent, lineage, get, put)
                && credit(e, offset, instance, idempotent, lineage, get, put) ? Outcome.APPLIED : Outcome.REJECTED;
    }

    /** The replay check of an idempotent processor; null for an entry not processed before. */
    private static Outcome replayed(Entry e, long offset, String instance, Lineage lineage, Function<String, String> get,
            BiConsumer<String, String> put) {
        Balance from = Balance.decode(get.apply(e.from()));
        Balance to = Balance.decode(get.apply(e.to()));
        long payer = from == null ? -1 : from.lastInputOffset();
        long payee = to == null ? -1 : to.lastInputOffset();
        if (payer < offset && payee < offset) {
            return null;
        }
        if (payer == offset || payee == offset) {
            if (payee < offset) {
                put.accept(e.to(), lineage.next(to == null ? Balance.EMPTY : to, e.amountCents(), e.id(), offset,
                        instance).encode());
            }
            if (payer < offset) {
                put.accept(e.from(), lineage.next(from == null ? Balance.EMPTY : from, -e.amountCents(), e.id(), offset,
                        instance).encode());
            }
            return Outcome.APPLIED;
        }
        return payer > offset && payee > offset ? Outcome.UNKNOWN : Outcome.REJECTED;
    }

    private static boolean debitIfFunded(Entry e, long offset, String instance, boolean idempotent, Lineage lineage,
            Function<String, String> get, BiConsumer<String, String> put) {
        Balance from = Balance.decode(get.apply(e.from()));
        if (idempotent && from != null && from.lastInputOffset() >= offset) {
            return true;
        }
        Balance base = from == null ? Balance.EMPTY : from;
        if (base.cents() < e.amountCents()) {
            return false;
        }
        put.accept(e.from(), lineage.next(base, -e.amountCents(), e.id(), offset, instance).encode());
        return true;
    }

    private static boolean credit(Entry e, long offset, String instance, boolean idempotent, Lineage lineage,
            Function<String, String> get, BiConsumer<String, String> put) {
        Balance to = Balance.decode(get.apply(e.to()));
        if (idempotent && to != null && to.lastInputOffset() >= offset) {
            return true;
        }
        Balance base = to == null ? Balance.EMPTY : to;
        put.accept(e.to(), lineage.next(base, e.amountCents(), e.id(), offset, instance).encode());
        return true;
    }

    /** The applied topic's value: {@code id;applied|rejected;instance}. */
    public static String decision(int entryId, boolean applied, String instance) {
        return entryId + ";" + (applied ? "applied" : "rejected") + ";" + instance;
    }
}
