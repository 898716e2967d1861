package racelab.ledger;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code for-update}: lock every affected row with SELECT ... FOR UPDATE, in id order, then check. */
final class ForUpdateMitigation extends CheckThenAct {

    @Override
    public String id() {
        return "for-update";
    }

    @Override
    public String title() {
        return "SELECT ... FOR UPDATE, in id order";
    }

    @Override
    protected Map<String, Long> readForCheck(LaneContext lane) throws SQLException {
        if (lane.transfer().readFromReplica()) {
            lane.note("a locking read cannot run on a read replica, so the check reads the primary");
        }
        if (lane.readsGroupsByMembership()) {
            // A group a member can join is read by its predicate, locking every row it finds, in id order.
            return lane.lockAndReadWithGroups(lane.affectedAccountsInIdOrder());
        }
        Map<String, Long> balances = new LinkedHashMap<>();
        for (String id : lane.affectedAccountsInIdOrder()) {
            balances.put(id, lane.lockAndRead(id));
        }
        return balances;
    }

    @Override
    public String explanation() {
        return "The check reads every row the decision depends on with SELECT ... FOR UPDATE, always in the same "
                + "order (by account id). The lock is held until COMMIT, so a second request for the same account "
                + "waits at its check, and once the first commits it reads the new balance and decides on current "
                + "data. Locking in one global order means two transfers in opposite directions cannot wait on each "
                + "other in a cycle. Locking every member of a group rule also stops write skew, but only while the group's "
                + "members are a fixed set of rows: a member that joins the group during the check is a new row no "
                + "lock covered, and a locking read that waited for the joining transaction returns the rows it "
                + "matched when it began, without the new one (a phantom; see the phantom-group-member scene). A lock "
                + "on the group itself, or SERIALIZABLE on PostgreSQL, stops that.";
    }

    @Override
    public String tradeOff() {
        return "Correct and easy to reason about, at the cost of serialising every request on the same account: a hot "
                + "account becomes a queue, throughput per account is one transaction per lock-hold time, and a slow "
                + "transaction holding locks stalls everyone behind it. Reads must go to the primary.";
    }
}
