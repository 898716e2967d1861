package racelab.logsim.trace;

/**
 * Where one journal entry stands after one step, read from the simulator's state (all journal records the client
 * sent for it are considered; a retried entry has several).
 *
 * @param entry the journal entry id
 * @param inProducerBuffer a record of it is in the client producer's buffer and on no broker yet
 * @param acked the client has heard an acknowledgement for it
 * @param inLeaderPageCache the current journal leader holds it (in memory at least)
 * @param replicas how many replicas hold it, in page cache or on disk
 * @param onDiskReplicas how many replicas hold it on disk (flushed or written back)
 * @param belowHighWatermark the leader holds it below the high watermark
 * @param appliedToStore a running task's store holds its effect (on every account it touches that the task owns)
 * @param inChangelog a changelog leader holds its effect below the high watermark (and committed under exactly-once)
 * @param offsetCommitted the committed input offset of its journal partition is past it
 * @param everSent the client has submitted it at least once
 */
public record EntryState(int entry, boolean inProducerBuffer, boolean acked, boolean inLeaderPageCache, int replicas,
        int onDiskReplicas, boolean belowHighWatermark, boolean appliedToStore, boolean inChangelog,
        boolean offsetCommitted, boolean everSent) {

    /** The furthest stage reached now, for a chip. */
    public EntryStage stage() {
        if (offsetCommitted && inChangelog) {
            return EntryStage.OFFSET_COMMITTED;
        }
        if (inChangelog) {
            return EntryStage.IN_CHANGELOG;
        }
        if (appliedToStore) {
            return EntryStage.APPLIED_TO_STORE;
        }
        if (belowHighWatermark) {
            return EntryStage.BELOW_HIGH_WATERMARK;
        }
        if (onDiskReplicas > 0) {
            return EntryStage.ON_DISK;
        }
        if (inLeaderPageCache || replicas > 0) {
            return EntryStage.LEADER_PAGE_CACHE;
        }
        if (inProducerBuffer) {
            return EntryStage.PRODUCER_BUFFER;
        }
        return everSent ? EntryStage.GONE : EntryStage.NOT_SENT;
    }
}
