package racelab.explore;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import racelab.scenario.GroupConstraint;
import racelab.scenario.LedgerScene;
import racelab.scenario.StepRef;
import racelab.scenario.Transfer;

/**
 * The footprint of each phase under each mitigation: what the ledger engine's SQL for that phase does to the rows
 * of the transfer's accounts. Kept here, in the explorer, as a lookup table rather than on the engine's
 * mitigation classes, so the engine does not depend on the explorer.
 *
 * <p>Every entry errs on the side of conflict: a phase touches every resource its lane may touch (both accounts of
 * the transfer, every member of a group rule that contains one of them, and its request key in the
 * {@code applied_request} table), because a retry re-runs all earlier phases inside the failing step. Anything not
 * listed (an unknown mitigation or phase, the {@code replica} actor) is
 * {@link Access#UNKNOWN}, which prunes nothing. Under the snapshot-isolation mitigations ({@code repeatable-read}, {@code repeatable-read-retry}, {@code serializable}) the
 * first statement fixes the snapshot for the whole transaction, so even {@code begin} counts as a read there.
 * The pruning-soundness test checks the table against the engine: the outcome set with pruning must equal the
 * outcome set without.
 */
public final class MitigationFootprints implements FootprintCatalog {

    private static final Map<String, Map<String, Access>> TABLE = new HashMap<>();

    static {
        Map<String, Access> readCommitted = phases(Access.NONE, Access.SNAPSHOT_READ, Access.WRITE, Access.END);
        Map<String, Access> snapshot = phases(Access.SNAPSHOT_READ, Access.SNAPSHOT_READ, Access.WRITE, Access.END);
        Map<String, Access> locking = phases(Access.NONE, Access.LOCKING_READ, Access.WRITE, Access.END);
        TABLE.put("naive", readCommitted);
        TABLE.put("check-constraint", readCommitted);
        TABLE.put("optimistic-version", readCommitted);
        // conditional-update's check sends no SQL: the rule is part of the UPDATE in apply.
        TABLE.put("conditional-update", phases(Access.NONE, Access.NONE, Access.WRITE, Access.END));
        TABLE.put("repeatable-read", snapshot);
        TABLE.put("repeatable-read-retry", snapshot);
        TABLE.put("serializable", snapshot);
        TABLE.put("for-update", locking);
        TABLE.put("for-update-unordered", locking);
        TABLE.put("app-lock", locking);
        // single-writer takes the serial queue of every account it touches at begin (a group rule's members share
        // the group's queue, and a lane's resources hold every member of such a group), keeps them to the end and
        // releases them at commit or rollback: begin is a locking acquire on those accounts, the rest is naive.
        TABLE.put("single-writer", phases(Access.LOCKING_READ, Access.SNAPSHOT_READ, Access.WRITE, Access.END));
    }

    private static Map<String, Access> phases(Access begin, Access check, Access apply, Access commit) {
        return Map.of("begin", begin, "check", check, "apply", apply, "commit", commit);
    }

    @Override
    public FootprintModel model(LedgerScene scene, String mitigation) {
        Map<String, Access> phases = TABLE.get(mitigation);
        if (phases == null) {
            return FootprintModel.UNKNOWN;
        }
        Map<String, Set<String>> accountsByLane = new HashMap<>();
        for (Transfer transfer : scene.transfers()) {
            Set<String> resources = new LinkedHashSet<>();
            resources.add(transfer.from());
            resources.add(transfer.to());
            for (GroupConstraint group : scene.groups()) {
                if (group.accounts().contains(transfer.from()) || group.accounts().contains(transfer.to())) {
                    resources.addAll(group.accounts());
                }
            }
            if (transfer.requestKey() != null) {
                resources.add("request:" + transfer.requestKey());
            }
            accountsByLane.put(transfer.id(), resources);
        }
        return (StepRef step) -> {
            Set<String> accounts = accountsByLane.get(step.lane());
            Access access = phases.get(step.phase());
            if (accounts == null || access == null) {
                return StepFootprint.UNKNOWN;
            }
            return StepFootprint.of(access, accounts);
        };
    }

    /** Mitigation ids this table knows; others are explored without pruning. */
    public static Set<String> known() {
        return Set.copyOf(TABLE.keySet());
    }
}
