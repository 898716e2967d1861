package racelab.logsim.result;

import java.util.List;
import java.util.Map;

/**
 * The whole simulated system at one labelled moment, for the cluster view.
 *
 * @param committedOffsets per input partition: the committed offset, {@link #NO_COMMITTED_OFFSET} when the group
 *     never committed one, or {@link #OFFSETS_UNREADABLE} when {@code __consumer_offsets} has no reachable leader
 */
public record ClusterSnapshot(String label, long timeMs, List<MachineSnapshot> machines, List<PartitionSnapshot> partitions,
        List<TaskSnapshot> tasks, Map<String, Long> committedOffsets) {

    /** The group has committed nothing for the partition yet. */
    public static final long NO_COMMITTED_OFFSET = -1;
    /** The offsets partition cannot be read at this moment (its leader is down or cut off). */
    public static final long OFFSETS_UNREADABLE = -2;

    /** How a committed offset reads to a person. */
    public static String describeCommittedOffset(long offset) {
        if (offset == OFFSETS_UNREADABLE) {
            return "unreadable now (__consumer_offsets has no reachable leader)";
        }
        if (offset == NO_COMMITTED_OFFSET) {
            return "none committed yet";
        }
        return Long.toString(offset);
    }
}
