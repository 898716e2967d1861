package racelab.logsim.cluster;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import racelab.logsim.config.LogSettings;

/**
 * One partition: its replicas (one {@link ReplicaLog} per replica broker), the controller's view (leader, leader
 * epoch, ISR) and the leader's view (high watermark, follower fetch positions, produce requests waiting for acks).
 */
public final class PartitionState {

    /** A produce request waiting in purgatory until the high watermark passes {@code requiredOffset}. */
    record AckWaiter(long requiredOffset, int leaderEpoch, Runnable onAcked, Runnable onNotLeader,
            Runnable onNotEnoughReplicas) {
    }

    public final TopicPartition topicPartition;
    public final String role;
    public final int[] replicas;
    final ReplicaLog[] logs;
    final boolean[] inIsr;
    /** KIP-966 eligible leader replicas: left the ISR while it was below min.insync.replicas, so they hold the HW. */
    final boolean[] inElr;
    final int[] crashRestartsAtElection;
    final long[] followerEndOffsets;
    final long[] lastCaughtUpMs;
    final long[] lastFetchMs;
    final long[] leaderEndAtLastFetch;
    final int[] fetchTokens;
    final long[] fetchSequences;
    final long[] parkedFetch;
    final List<AckWaiter> waiters = new ArrayList<>();

    public final int minInsyncReplicas;
    public final boolean uncleanElectionEnabled;
    /** {@code eligible.leader.replicas.version >= 1}: the controller tracks ELR and the ISR may become empty. */
    public final boolean elrEnabled;
    public final long flushMessages;
    public final long flushMs;
    public final String cleanupPolicy;
    public final long retentionMs;
    public final long segmentRecords;

    /** Extra one-way delay of this partition's follower fetches (a replication-lag fault on the partition). */
    public long fetchDelayMs;
    int leaderIndex = -1;
    int leaderEpoch = -1;
    long highWatermark;
    int uncleanElections;
    int elections;
    /** KIP-966 lastKnownElr: the leader at the moment the ISR became empty (ELR on). */
    int lastKnownLeaderIndex = -1;
    int lastKnownLeaderElections;
    /** Elections of a replica that had restarted after a crash while it was the only ISR member (ELR off). */
    int lastReplicaStandingElections;

    PartitionState(TopicPartition topicPartition, String role, int[] replicas, LogSettings settings, RecordRows rows) {
        this.topicPartition = topicPartition;
        this.role = role;
        this.replicas = replicas;
        int n = replicas.length;
        logs = new ReplicaLog[n];
        for (int i = 0; i < n; i++) {
            logs[i] = new ReplicaLog(rows);
        }
        inIsr = new boolean[n];
        inElr = new boolean[n];
        crashRestartsAtElection = new int[n];
        followerEndOffsets = new long[n];
        lastCaughtUpMs = new long[n];
        lastFetchMs = new long[n];
        leaderEndAtLastFetch = new long[n];
        fetchTokens = new int[n];
        fetchSequences = new long[n];
        parkedFetch = new long[n];
        java.util.Arrays.fill(parkedFetch, -1);
        minInsyncReplicas = (int) settings.topicLong(role, TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
        uncleanElectionEnabled = Boolean.parseBoolean(settings.topic(role, TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG));
        elrEnabled = settings.getLong(LogSettings.ELIGIBLE_LEADER_REPLICAS_VERSION) >= 1;
        flushMessages = settings.topicLong(role, TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG);
        flushMs = settings.topicLong(role, TopicConfig.FLUSH_MS_CONFIG);
        cleanupPolicy = settings.topic(role, TopicConfig.CLEANUP_POLICY_CONFIG);
        retentionMs = settings.topicLong(role, TopicConfig.RETENTION_MS_CONFIG);
        segmentRecords = Math.max(1, settings.topicLong(role, TopicConfig.SEGMENT_BYTES_CONFIG) / settings.getLong("sim.record.bytes"));
    }

    public int leaderBroker() {
        return leaderIndex < 0 ? -1 : replicas[leaderIndex];
    }

    public int leaderEpoch() {
        return leaderEpoch;
    }

    public long highWatermark() {
        return highWatermark;
    }

    public int replicationFactor() {
        return replicas.length;
    }

    public int uncleanElections() {
        return uncleanElections;
    }

    /** The leader's log, or null when the partition is offline. */
    public ReplicaLog leaderLog() {
        return leaderIndex < 0 ? null : logs[leaderIndex];
    }

    public ReplicaLog log(int replicaIndex) {
        return logs[replicaIndex];
    }

    public int isrSize() {
        int size = 0;
        for (boolean member : inIsr) {
            if (member) {
                size++;
            }
        }
        return size;
    }

    public boolean inIsr(int replicaIndex) {
        return inIsr[replicaIndex];
    }

    public boolean inElr(int replicaIndex) {
        return inElr[replicaIndex];
    }

    public int elrSize() {
        int size = 0;
        for (boolean member : inElr) {
            if (member) {
                size++;
            }
        }
        return size;
    }

    /** Partition.effectiveMinIsr: min(min.insync.replicas, replication factor). */
    public int effectiveMinIsr() {
        return Math.min(minInsyncReplicas, replicas.length);
    }

    public int lastKnownLeaderElections() {
        return lastKnownLeaderElections;
    }

    public int lastReplicaStandingElections() {
        return lastReplicaStandingElections;
    }

    int indexOf(int broker) {
        for (int i = 0; i < replicas.length; i++) {
            if (replicas[i] == broker) {
                return i;
            }
        }
        return -1;
    }

    public String name() {
        return role + "-" + topicPartition.partition();
    }
}
