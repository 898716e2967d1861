package racelab.logsim.result;

/**
 * A stream task or a task state directory at a moment.
 *
 * @param state RESTORING, RUNNING, or ON_DISK for a state directory of a task the instance does not run
 * @param position next input offset to process
 * @param storeAccounts accounts in the live store
 * @param cachedAccounts dirty entries in the record cache
 * @param changelogAckedOffset end of the changelog as acknowledged to this task
 * @param checkpointOffset the state directory's checkpoint, -1 if none
 * @param flushedAccounts accounts in the store's flushed (on-disk) state
 * @param unacknowledgedRecords records in the instance's producer not yet acknowledged
 */
public record TaskSnapshot(String instance, int task, String state, long position, int storeAccounts, int cachedAccounts,
        long changelogAckedOffset, long checkpointOffset, int flushedAccounts, int unacknowledgedRecords) {
}
