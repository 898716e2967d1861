package racelab.ui.logtimeline;

import java.util.List;
import java.util.Map;
import racelab.logsim.trace.EntryState;

/**
 * The whole picture after the first {@code k} events of a run: every entry's chip and the balances. A run holds one
 * per position, computed once, so stepping back and forth only picks another one.
 *
 * @param entries one state per journal entry, in journal order (empty when the engine kept none: big journals)
 * @param storeBalances what the stream task's store holds per account (absent: never written)
 * @param expectedBalances the journal applied once, in order, for every entry the client has sent so far
 */
public record TimelineStep(List<EntryState> entries, Map<String, Long> storeBalances,
        Map<String, Long> expectedBalances) {

    public TimelineStep {
        entries = List.copyOf(entries);
        storeBalances = Map.copyOf(storeBalances);
        expectedBalances = Map.copyOf(expectedBalances);
    }
}
