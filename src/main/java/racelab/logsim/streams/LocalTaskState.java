package racelab.logsim.streams;

import java.util.HashMap;
import java.util.Map;
import racelab.logsim.model.StoreValue;

/**
 * A task's state directory on one machine's disk: what the WAL-less RocksDB holds after its last flush, and the
 * {@code .checkpoint} file (fsynced and renamed atomically, so it survives a power cut as written).
 */
public final class LocalTaskState {

    Map<String, StoreValue> flushedStore = new HashMap<>();
    long checkpointOffset = -1;
    long checkpointWrittenMs = -1;
    long storeFlushedMs = -1;

    public long checkpointOffset() {
        return checkpointOffset;
    }

    public int flushedKeys() {
        return flushedStore.size();
    }

    boolean isEmpty() {
        return flushedStore.isEmpty() && checkpointOffset < 0;
    }
}
