package racelab.logsim.result;

/** One replica of one partition at a moment: what is written (page cache) and what is flushed (disk). */
public record ReplicaSnapshot(String broker, long logStartOffset, long writtenOffset, long flushedOffset, boolean inIsr,
        boolean leader) {
}
