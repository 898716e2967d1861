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

    public SimContext(EventQueue queue, LogSettings settings, Seed seed, int traceMax) {
        this.queue = queue;
        this.settings = settings;
        this.seed = seed;
        this.traceMax = traceMax;
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
