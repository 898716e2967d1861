package racelab.scenario;

import java.util.List;
import java.util.Map;

/**
 * A {@code kind: ledger} scene: accounts, the transfers racing on them, and the interleaving to replay.
 *
 * @param file where it was loaded from, for messages
 * @param mitigation id of the default mitigation
 * @param schedule the interleaving, every lane's steps in the lane's own order
 * @param notes per-step narration, may be empty
 */
public record LedgerScene(
        String id,
        String title,
        String file,
        List<Account> accounts,
        List<Transfer> transfers,
        String mitigation,
        List<StepRef> schedule,
        String narration,
        Map<StepRef, String> notes) {

    public LedgerScene {
        accounts = List.copyOf(accounts);
        transfers = List.copyOf(transfers);
        schedule = List.copyOf(schedule);
        notes = Map.copyOf(notes);
    }
}
