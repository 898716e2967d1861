package racelab.logsim.result;

import java.util.List;
import java.util.Map;

/** The whole simulated system at one labelled moment, for the cluster view. */
public record ClusterSnapshot(String label, long timeMs, List<MachineSnapshot> machines, List<PartitionSnapshot> partitions,
        List<TaskSnapshot> tasks, Map<String, Long> committedOffsets) {
}
