package racelab.crosscheck;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import racelab.crosscheck.child.LedgerRules;

/**
 * Turns balances in the linked lineage form (each names the write it was computed from) back into the full form (every
 * entry id applied, in order), by following the links through every record of the KV topic. The audit then reads both
 * designs' balances the same way. A link to a write that is not in the topic is reported, never guessed: it means a
 * write that some balance was computed from vanished (a killed leader under acks=1), and the lineage before it is
 * unknown.
 */
final class LineageIndex {

    private LineageIndex() {
    }

    /** The values in the full form, in the same order; full-form values pass through unchanged. */
    static List<String> expand(List<String> values) throws CrossCheckException {
        Map<String, LedgerRules.Balance> byWriteId = new HashMap<>();
        for (String value : values) {
            LedgerRules.Balance b = LedgerRules.Balance.decode(value);
            if (b != null && b.isLinked()) {
                byWriteId.put(b.writeId(), b);
            }
        }
        Map<String, String> fullIds = new HashMap<>();
        List<String> expanded = new ArrayList<>(values.size());
        for (String value : values) {
            LedgerRules.Balance b = LedgerRules.Balance.decode(value);
            if (b == null || !b.isLinked()) {
                expanded.add(value);
                continue;
            }
            expanded.add(new LedgerRules.Balance(b.cents(), b.lastInputOffset(), b.writer(),
                    ids(b.writeId(), byWriteId, fullIds)).encode());
        }
        return expanded;
    }

    /** Every entry id of a write's lineage, oldest first; walks back without recursion (chains are thousands long). */
    private static String ids(String writeId, Map<String, LedgerRules.Balance> byWriteId, Map<String, String> memo)
            throws CrossCheckException {
        Deque<LedgerRules.Balance> path = new ArrayDeque<>();
        String at = writeId;
        String earlier = "";
        while (!at.equals("-")) {
            String known = memo.get(at);
            if (known != null) {
                earlier = known;
                break;
            }
            LedgerRules.Balance b = byWriteId.get(at);
            if (b == null) {
                String after = path.isEmpty() ? writeId : path.peek().writeId();
                throw new CrossCheckException("the KV topic has no write " + at + ", which write " + after + " was "
                        + "computed from: a write vanished after the app had used it (a killed leader under acks=1?); "
                        + "the lineage before it is unknown, so the run cannot be audited");
            }
            if (path.size() > byWriteId.size()) {
                throw new CrossCheckException("the KV topic's write links form a cycle at " + at);
            }
            path.push(b);
            at = b.builtOn();
        }
        StringBuilder ids = new StringBuilder(earlier);
        while (!path.isEmpty()) {
            LedgerRules.Balance b = path.pop();
            if (!b.appliedIds().isEmpty()) {
                if (ids.length() > 0) {
                    ids.append(' ');
                }
                ids.append(b.appliedIds());
            }
            memo.put(b.writeId(), ids.toString());
        }
        return ids.toString();
    }
}
