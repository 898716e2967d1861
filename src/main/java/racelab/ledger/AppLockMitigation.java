package racelab.ledger;

import java.sql.SQLException;

/** {@code app-lock}: a per-account lock inside one application process. */
final class AppLockMitigation extends CheckThenAct {

    @Override
    public String id() {
        return "app-lock";
    }

    @Override
    public String title() {
        return "In-process lock per account";
    }

    @Override
    public void check(LaneContext lane) throws SQLException {
        LockTable locks = lane.instanceLocks();
        for (String id : lane.affectedAccountsInIdOrder()) {
            locks.acquire(lane.lane(), id);
        }
        lane.note("holds " + locks.name() + " lock(s) on " + String.join(", ", lane.affectedAccountsInIdOrder()));
        super.check(lane);
    }

    @Override
    public void release(LaneContext lane) {
        lane.instanceLocks().releaseAll(lane.lane());
    }

    @Override
    public String explanation() {
        return "Before the check the request takes a Java lock per affected account (in id order) from a map inside "
                + "the service, and frees them after COMMIT. Requests served by the same process now queue up, so "
                + "within one instance the race is gone. But a lock in one JVM means nothing to another: with two "
                + "app instances behind a load balancer (or a restart, or a batch job writing directly) two requests "
                + "for the same account take two different locks and race exactly as before.";
    }

    @Override
    public String tradeOff() {
        return "Cheap and fast while there is one instance; it blocks threads instead of database sessions. It does "
                + "not survive scaling out, so it gives a false sense of safety; a distributed lock (Redis, ZooKeeper) "
                + "adds a network hop and its own failure modes such as expired leases.";
    }
}
