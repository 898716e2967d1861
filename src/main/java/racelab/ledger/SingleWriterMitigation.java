package racelab.ledger;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import racelab.scenario.GroupConstraint;

/** {@code single-writer}: every account (or group of accounts) has one serial queue for the whole system. */
final class SingleWriterMitigation extends CheckThenAct {

    @Override
    public String id() {
        return "single-writer";
    }

    @Override
    public String title() {
        return "Single writer per account (serial queue)";
    }

    @Override
    public void begin(LaneContext lane) throws SQLException {
        List<String> queues = queuesFor(lane);
        for (String queue : queues) {
            lane.writerQueues().acquire(lane.lane(), queue);
        }
        lane.note("is at the head of the queue" + (queues.size() > 1 ? "s " : " ") + String.join(", ", queues));
        super.begin(lane);
    }

    /** The queue of an account is the account's, or its group's when a group rule covers it; sorted to avoid cycles. */
    static List<String> queuesFor(LaneContext lane) {
        TreeSet<String> queues = new TreeSet<>();
        for (String id : lane.affectedAccounts()) {
            String queue = id;
            for (GroupConstraint group : lane.scene().groups()) {
                if (group.accounts().contains(id)) {
                    queue = group.id();
                }
            }
            queues.add(queue);
        }
        return new ArrayList<>(queues);
    }

    @Override
    protected Map<String, Long> readForCheck(LaneContext lane) throws SQLException {
        if (lane.transfer().readFromReplica()) {
            lane.note("the writer owns the account and reads its state from the primary, never from a replica");
        }
        return lane.readBalances(lane.affectedAccounts());
    }

    @Override
    public void release(LaneContext lane) {
        lane.writerQueues().releaseAll(lane.lane());
    }

    @Override
    public String explanation() {
        return "All entries for an account go through one serial queue for the whole system (for example a Kafka "
                + "partition keyed by account, consumed by one thread), so at most one transfer per account is in "
                + "flight and its check always sees the previous one's result. Unlike an in-process lock this holds "
                + "across app instances, because routing, not the instance, decides who writes. A transfer touching "
                + "two accounts must be at the head of both queues (taken in sorted order), and accounts under one "
                + "group rule share the group's queue.";
    }

    @Override
    public String tradeOff() {
        return "No lost races and no deadlocks, and it scales out by partitioning accounts. Throughput per account is "
                + "one entry at a time; a hot account is a bottleneck; transfers across partitions need coordination "
                + "(two queues, or a saga with compensation); and it adds a queue, routing and its failure modes.";
    }
}
