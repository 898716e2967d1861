package racelab.scenario;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code kind: ledger} scene: accounts, the transfers racing on them, and the interleaving to replay.
 *
 * @param file where it was loaded from, for messages
 * @param mitigation id of the default mitigation
 * @param schedule the interleaving, every lane's steps in the lane's own order
 * @param notes per-step narration, may be empty
 * @param groups rules on sums of accounts, may be empty
 * @param idempotencyKeys default for whether the app records each request key and answers a repeated key with the
 *     first result instead of applying it again (see {@code scenes/README.md})
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
        Map<StepRef, String> notes,
        List<GroupConstraint> groups,
        boolean idempotencyKeys) {

    /** The lane name of the replication actor; its only phase is {@link #REPLICATE_PHASE}. */
    public static final String REPLICA_LANE = "replica";
    /** The phase of a {@code replica.replicate} step: copy committed balances from the primary to the replica. */
    public static final String REPLICATE_PHASE = "replicate";
    /** The four phases of every transfer lane, in lane order. */
    public static final List<String> PHASES = List.of("begin", "check", "apply", "commit");

    public LedgerScene {
        accounts = List.copyOf(accounts);
        transfers = List.copyOf(transfers);
        schedule = List.copyOf(schedule);
        notes = Map.copyOf(notes);
        groups = List.copyOf(groups);
    }

    /** A scene without group rules and without idempotency keys. */
    public LedgerScene(String id, String title, String file, List<Account> accounts, List<Transfer> transfers,
                       String mitigation, List<StepRef> schedule, String narration, Map<StepRef, String> notes) {
        this(id, title, file, accounts, transfers, mitigation, schedule, narration, notes, List.of(), false);
    }

    public Optional<Account> account(String accountId) {
        return accounts.stream().filter(a -> a.id().equals(accountId)).findFirst();
    }

    public Optional<Transfer> transfer(String laneId) {
        return transfers.stream().filter(t -> t.id().equals(laneId)).findFirst();
    }

    /** Accounts a transfer opens during the run (INSERTed in its apply); empty for most scenes. */
    public List<Account> openedAccounts() {
        return accounts.stream().filter(Account::opened).toList();
    }

    /** The account a lane opens during the run, if any. */
    public Optional<Account> accountOpenedBy(String laneId) {
        return accounts.stream().filter(a -> laneId.equals(a.openedBy())).findFirst();
    }

    /**
     * Whether new members can join the group during the run (a transfer opens one of its accounts): then the app
     * reads the group's members by a predicate on the account table ({@code WHERE group_id = ...}), as it must, and
     * a member inserted by a concurrent transaction is a phantom to that read.
     */
    public boolean isOpen(GroupConstraint group) {
        return group.accounts().stream().anyMatch(id -> account(id).map(Account::opened).orElse(false));
    }

    /** The open group (see {@link #isOpen}) an account belongs to, if any; the loader allows at most one. */
    public Optional<GroupConstraint> openGroupOf(String accountId) {
        return groups.stream().filter(g -> isOpen(g) && g.accounts().contains(accountId)).findFirst();
    }

    /** Whether any step or transfer uses the read replica. */
    public boolean usesReplica() {
        return transfers.stream().anyMatch(Transfer::readFromReplica)
                || schedule.stream().anyMatch(s -> s.lane().equals(REPLICA_LANE));
    }

    /** The same scene with another schedule (already validated by the caller). */
    public LedgerScene withSchedule(List<StepRef> newSchedule) {
        return new LedgerScene(id, title, file, accounts, transfers, mitigation, newSchedule, narration, notes, groups,
                idempotencyKeys);
    }

    /**
     * The scene's note for a step of a run, only when the run uses the scene's own mitigation and its own schedule,
     * or null. Notes are written for that one trace and can be false anywhere else: under for-update, "T2 also reads
     * alice = 100" is wrong (T2 waits for T1's lock), and so it is once T2.check is dragged after T1's commit. There
     * the real trace speaks alone.
     */
    public String noteFor(StepRef step, String mitigationId, List<StepRef> runSchedule) {
        return mitigation.equals(mitigationId) && schedule.equals(runSchedule) ? notes.get(step) : null;
    }
}
