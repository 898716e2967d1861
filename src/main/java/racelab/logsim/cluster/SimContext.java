package racelab.logsim.cluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import racelab.logsim.config.LogSettings;
import racelab.logsim.model.LogRecord;
import racelab.logsim.result.TraceEvent;
import racelab.logsim.sim.EventQueue;
import racelab.logsim.sim.Seed;

/** What every simulated component shares: the one queue and clock, the settings, the seed and the trace. */
public final class SimContext {

    public final EventQueue queue;
    public final LogSettings settings;
    public final Seed seed;
    private final List<TraceEvent> trace = new ArrayList<>();
    private final int traceMax;
    private long nextProducerId = 1000;
    private long nextTxnId = 1;
    private long nextRecordOrder;
    private racelab.logsim.trace.StepObserver observer;
    /** Whether logs keep the record objects producers built (see {@link #keepsRecordObjects()}); read once per log. */
    private boolean recordObjects;
    private boolean recordObjectsRead;
    private racelab.logsim.model.Journal journal;

    public SimContext(EventQueue queue, LogSettings settings, Seed seed, int traceMax) {
        this.queue = queue;
        this.settings = settings;
        this.seed = seed;
        this.traceMax = traceMax;
        this.recordObjects = settings.getBool("sim.lineage");
    }

    /**
     * Whether the partition logs keep the record objects the producers built, so a read returns the same object and
     * its forensic fields (lost mask, acked, present at the end): true with lineage ({@code sim.lineage}) or when
     * {@link #keepRecordObjects()} asked for it. Otherwise a log keeps only its columns and a read builds a record
     * from them ({@link RecordRows}).
     */
    public boolean keepsRecordObjects() {
        recordObjectsRead = true;
        return recordObjects;
    }

    /** Makes the logs keep record objects (a step recording follows records by identity); before any log exists. */
    public void keepRecordObjects() {
        if (recordObjectsRead && !recordObjects) {
            throw new IllegalStateException("the logs already keep only columns");
        }
        recordObjects = true;
    }

    /** The journal, so a log can keep a journal record's value as the entry's id ({@link RecordRows}). */
    public racelab.logsim.model.Journal journal() {
        return journal;
    }

    /** Sets the run's journal, kept as columns ({@link racelab.logsim.model.Journal#of}: the list itself when it is). */
    public void journal(List<racelab.logsim.model.JournalEntry> entries) {
        journal = entries == null ? null : racelab.logsim.model.Journal.of(entries);
    }

    public long nowMs() {
        return queue.nowMs();
    }

    /** Records a notable event for the narration and the UI; bounded so a benchmark run stays small. */
    public void trace(String kind, String subject, String text) {
        if (observer != null) {
            observer.traced(new TraceEvent(nowMs(), kind, subject, text));
        }
        if (trace.size() < traceMax) {
            trace.add(new TraceEvent(nowMs(), kind, subject, text));
        }
    }

    /** Attaches a step recording (racelab.logsim.trace); null detaches it. */
    public void observe(racelab.logsim.trace.StepObserver stepObserver) {
        if (stepObserver != null && !recordObjects) {
            throw new IllegalStateException("a step recording needs the logs to keep record objects: keepRecordObjects()");
        }
        observer = stepObserver;
    }

    /** A producer on {@code machine} put {@code record} into its accumulator for {@code partition}. */
    public void sent(LogRecord record, PartitionState partition, String machine) {
        if (observer != null) {
            observer.sent(record, partition, machine);
        }
    }

    public List<TraceEvent> trace() {
        return Collections.unmodifiableList(trace);
    }

    public long newProducerId() {
        return nextProducerId++;
    }

    /** The next record's creation order; fails loudly rather than wrap (no run creates 2^31 records). */
    public int nextRecordOrder() {
        return Math.toIntExact(nextRecordOrder++);
    }

    public long newTxnId() {
        return nextTxnId++;
    }
}
