package racelab.logsim.result;

import java.util.List;

/** A partition at a moment: leader, epoch, ISR, high watermark and every replica. */
public record PartitionSnapshot(String partition, String leader, int leaderEpoch, List<String> isr, long highWatermark,
        int uncleanElections, List<ReplicaSnapshot> replicas) {
}
