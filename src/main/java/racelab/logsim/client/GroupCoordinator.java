package racelab.logsim.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import racelab.logsim.cluster.SimContext;

/**
 * The consumer group coordinator for the stream application, modelled as an always-available service (the group's
 * membership is not a simulated log; its committed offsets are, see {@link OffsetStore}). A member that has not
 * heartbeated for {@code session.timeout.ms} is removed and its tasks move, sticky to their current owner first.
 */
public final class GroupCoordinator {

    /** A group member as the coordinator sees it. */
    public interface Member {
        String memberId();

        /** Whether this member has local state (a checkpoint or a store) for the task, to prefer it on assignment. */
        boolean hasLocalState(int task);

        /** Delivers a new assignment; the member applies it when it receives it. */
        void assign(int generation, List<Integer> tasks);
    }

    /** Who owned a task during which interval, for forensics. */
    public record Ownership(int task, String memberId, long fromMs, long toMs) {
    }

    private final SimContext ctx;
    private final int taskCount;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final Map<String, Long> lastHeartbeatMs = new LinkedHashMap<>();
    private final Map<Integer, String> owners = new TreeMap<>();
    private final Map<Integer, Long> ownedSinceMs = new TreeMap<>();
    private final List<Ownership> history = new ArrayList<>();
    private int generation;

    public GroupCoordinator(SimContext ctx, int taskCount) {
        this.ctx = ctx;
        this.taskCount = taskCount;
        long sessionTimeoutMs = ctx.settings.getLong(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
        long checkMs = 1000;
        ctx.queue.after(checkMs, new Runnable() {
            @Override
            public void run() {
                List<String> expired = new ArrayList<>();
                lastHeartbeatMs.forEach((id, last) -> {
                    if (ctx.nowMs() - last > sessionTimeoutMs) {
                        expired.add(id);
                    }
                });
                for (String id : expired) {
                    ctx.trace("session-expired", id, id + " missed heartbeats for session.timeout.ms; the group coordinator "
                            + "removes it and rebalances");
                    members.remove(id);
                    lastHeartbeatMs.remove(id);
                }
                if (!expired.isEmpty()) {
                    rebalance();
                }
                ctx.queue.after(checkMs, this);
            }
        });
    }

    /** A member joins (a restarted instance replaces its previous membership, like a static member). */
    public void join(Member member) {
        members.remove(member.memberId());
        members.put(member.memberId(), member);
        lastHeartbeatMs.put(member.memberId(), ctx.nowMs());
        rebalance();
    }

    public void heartbeat(String memberId) {
        if (members.containsKey(memberId)) {
            lastHeartbeatMs.put(memberId, ctx.nowMs());
        }
    }

    /** Whether the member may still commit for the task (generation/ownership check, KIP-447 for EOS). */
    public boolean owns(String memberId, int task) {
        return memberId.equals(owners.get(task)) && members.containsKey(memberId);
    }

    public boolean isMember(String memberId) {
        return members.containsKey(memberId);
    }

    public int generation() {
        return generation;
    }

    private void rebalance() {
        generation++;
        Map<String, List<Integer>> assignment = new LinkedHashMap<>();
        members.keySet().forEach(id -> assignment.put(id, new ArrayList<>()));
        for (int task = 0; task < taskCount; task++) {
            String owner = owners.get(task);
            if (owner == null || !members.containsKey(owner)) {
                owner = null;
                for (Member m : members.values()) {
                    if (m.hasLocalState(task)) {
                        owner = m.memberId();
                        break;
                    }
                }
                if (owner == null) {
                    for (Map.Entry<String, List<Integer>> e : assignment.entrySet()) {
                        if (owner == null || e.getValue().size() < assignment.get(owner).size()) {
                            owner = e.getKey();
                        }
                    }
                }
            }
            String previous = owners.get(task);
            if (previous != null && !previous.equals(owner)) {
                history.add(new Ownership(task, previous, ownedSinceMs.get(task), ctx.nowMs()));
            }
            if (owner == null) {
                owners.remove(task);
                continue;
            }
            if (!owner.equals(previous)) {
                ownedSinceMs.put(task, ctx.nowMs());
                ctx.trace("assign", "task-" + task, "task " + task + " is assigned to " + owner + " (generation "
                        + generation + ")");
            }
            owners.put(task, owner);
            assignment.get(owner).add(task);
        }
        int gen = generation;
        assignment.forEach((id, tasks) -> members.get(id).assign(gen, tasks));
    }

    /** Who owned {@code task} at {@code timeMs}, or null. */
    public String ownerAt(int task, long timeMs) {
        for (Ownership o : history) {
            if (o.task() == task && o.fromMs() <= timeMs && timeMs < o.toMs()) {
                return o.memberId();
            }
        }
        Long since = ownedSinceMs.get(task);
        return since != null && since <= timeMs ? owners.get(task) : null;
    }

    public String owner(int task) {
        return owners.get(task);
    }
}
