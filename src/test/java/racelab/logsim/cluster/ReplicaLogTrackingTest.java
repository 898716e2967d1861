package racelab.logsim.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import racelab.logsim.config.LogSettings;
import racelab.logsim.model.LogRecord;
import racelab.logsim.sim.EventQueue;
import racelab.logsim.sim.ManualClock;
import racelab.logsim.sim.Seed;

/**
 * A replica log's producer and transaction state (what produce requests are checked against and what consumers read
 * committed by) against a reference model written the plain way: boxed maps and sets updated record by record, rebuilt
 * from the log after a truncation. Seeded random histories of a leader and two followers sharing the partition's rows:
 * several producers, epochs and transactions interleaved, commit and abort markers, markers of transactions that are
 * still open elsewhere or already ended, records without a producer or with ids beyond the int range, truncations and
 * retention, and followers that copy the leader through fetch responses (spans of rows). After every step each log
 * must answer exactly as its reference does, and a fetch response's spans must hold exactly the rows of its range.
 */
class ReplicaLogTrackingTest {

    /** The tracking as it was written before it was made cheaper (boxed collections, no shortcuts). */
    private static final class Reference {
        final Map<Long, int[]> producers = new HashMap<>();
        final Map<Long, Long> open = new HashMap<>();
        final Set<Long> committed = new HashSet<>();
        final Set<Long> aborted = new HashSet<>();
        long lastOpen = -1;

        void track(LogRecord r, long offset) {
            if (r.producerId() >= 0) {
                int[] state = producers.computeIfAbsent(r.producerId(), id -> new int[] {-1, -1});
                state[0] = Math.max(state[0], r.producerEpoch());
                if (!r.isMarker() && r.sequence >= 0) {
                    state[1] = r.sequence;
                }
            }
            long txnId = r.txnId();
            if (txnId < 0) {
                return;
            }
            if (r.isMarker()) {
                if (txnId == lastOpen) {
                    lastOpen = -1;
                }
                open.remove(txnId);
                (r.type == LogRecord.COMMIT_MARKER ? committed : aborted).add(txnId);
            } else if (txnId != lastOpen && !committed.contains(txnId) && !aborted.contains(txnId)) {
                open.putIfAbsent(txnId, offset);
                lastOpen = txnId;
            }
        }

        void rebuild(ReplicaLog log) {
            producers.clear();
            open.clear();
            committed.clear();
            aborted.clear();
            lastOpen = -1;
            for (long offset = log.logStartOffset(); offset < log.endOffset(); offset++) {
                track(log.fromRow(offset), offset);
            }
        }
    }

    private static final long[] PRODUCERS = {-1, 1000, 1001, 1002, 1L << 40};
    private static final long[] TXNS = {-1, 1, 2, 3, 64, 65, 1L << 35};

    @Test
    void everyLogAnswersLikeTheReferenceAfterEveryStepOfRandomHistories() throws Exception {
        int checks = 0;
        for (long seed = 1; seed <= 25; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            SimContext ctx = new SimContext(new EventQueue(new ManualClock(), 10), LogSettings.of(Map.of("sim.lineage", "false")),
                    new Seed(seed), 10);
            RecordRows rows = new RecordRows(ctx);
            ReplicaLog[] logs = {new ReplicaLog(rows), new ReplicaLog(rows), new ReplicaLog(rows)};
            Reference[] refs = {new Reference(), new Reference(), new Reference()};
            // Each log's shadow takes the same rows one appendRow at a time (a follower takes a fetch response's
            // spans in blocks): both must end with the same runs, epochs and state.
            ReplicaLog[] shadows = {new ReplicaLog(rows), new ReplicaLog(rows), new ReplicaLog(rows)};
            int leader = 0;
            int epoch = 0;
            long timeMs = 0;
            // A few stamps at a time, so runs of records share one (as a producer's batch does) and then change.
            List<LogRecord.Stamp> stamps = new ArrayList<>();
            for (int step = 0; step < 1_500; step++) {
                int move = random.nextInt(100);
                if (move < 70) {
                    if (stamps.isEmpty() || random.nextInt(10) == 0) {
                        stamps.add(new LogRecord.Stamp(PRODUCERS[random.nextInt(PRODUCERS.length)],
                                (short) random.nextInt(3), TXNS[random.nextInt(TXNS.length)], "w", 0));
                        if (stamps.size() > 3) {
                            stamps.remove(0);
                        }
                    }
                    LogRecord.Stamp stamp = stamps.get(random.nextInt(stamps.size()));
                    int marker = random.nextInt(12);
                    byte type = marker == 0 ? LogRecord.COMMIT_MARKER : marker == 1 ? LogRecord.ABORT_MARKER : LogRecord.DATA;
                    int batch = type == LogRecord.DATA ? 1 + random.nextInt(6) : 1;
                    int sequence = random.nextInt(4) == 0 ? -1 : random.nextInt(40);
                    for (int k = 0; k < batch; k++) {
                        LogRecord record = new LogRecord(type, "k", null, stamp, LogRecord.BY_PUT);
                        record.sequence = sequence < 0 ? -1 : sequence + k;
                        record.offset = (int) logs[leader].endOffset();
                        record.leaderEpoch = epoch;
                        record.appendTimeMs = timeMs++;
                        logs[leader].append(record);
                        refs[leader].track(record, record.offset);
                        shadows[leader].appendRow(logs[leader].rowsBetween(record.offset, record.offset + 1)[0],
                                record.offset);
                    }
                } else if (move < 88) {
                    int follower = random.nextInt(3);
                    if (follower == leader) {
                        continue;
                    }
                    ReplicaLog log = logs[follower];
                    long from = log.endOffset();
                    long to = Math.min(logs[leader].endOffset(), from + random.nextInt(12));
                    // Any range, also one reaching below the leader's log start (rows no longer in the log).
                    long anyFrom = Math.max(0, from - random.nextInt(8));
                    long anyTo = Math.max(anyFrom, Math.min(logs[leader].endOffset() + 2, anyFrom + random.nextInt(12)));
                    assertThat(expand(logs[leader].rowRunsBetween(anyFrom, anyTo), anyFrom, anyTo))
                            .as("seed %d: spans of %d..%d", seed, anyFrom, anyTo)
                            .containsExactly(logs[leader].rowsBetween(anyFrom, anyTo));
                    if (from > logs[leader].endOffset() || from < logs[leader].logStartOffset()) {
                        continue;
                    }
                    int[] spans = logs[leader].rowRunsBetween(from, to);
                    assertThat(expand(spans, from, to)).as("seed %d: spans of %d..%d", seed, from, to)
                            .containsExactly(logs[leader].rowsBetween(from, to));
                    log.appendRowRuns(spans);
                    int[] copied = expand(spans, from, to);
                    for (long offset = from; offset < to; offset++) {
                        refs[follower].track(log.fromRow(offset), offset);
                        shadows[follower].appendRow(copied[(int) (offset - from)], offset);
                    }
                } else if (move < 95) {
                    // A new leader: another replica, whose log the others cut back to where they agree.
                    leader = random.nextInt(3);
                    epoch++;
                    logs[leader].addEpoch(epoch, logs[leader].endOffset());
                    shadows[leader].addEpoch(epoch, shadows[leader].endOffset());
                    for (int i = 0; i < 3; i++) {
                        if (i != leader) {
                            long end = logs[leader].endOffsetForEpoch(logs[i].latestEpoch());
                            long cut = Math.min(end, random.nextInt(4) == 0 ? Math.max(0, end - random.nextInt(5)) : end);
                            if (cut < logs[i].endOffset()) {
                                logs[i].truncateTo(cut, LogRecord.LOST_EPOCH_TRUNCATION);
                                shadows[i].truncateTo(cut, LogRecord.LOST_EPOCH_TRUNCATION);
                                refs[i].rebuild(logs[i]);
                            }
                        }
                    }
                } else {
                    // Retention deletes a prefix of one log; the state is not rebuilt (Kafka keeps producer state).
                    int i = random.nextInt(3);
                    long before = logs[i].logStartOffset() + random.nextInt(3);
                    logs[i].deleteBefore(before);
                    shadows[i].deleteBefore(before);
                }
                for (int i = 0; i < 3; i++) {
                    checks += compare(seed, step, logs[i], refs[i]);
                    checks += compareWithShadow(seed, step, logs[i], shadows[i], epoch);
                }
            }
        }
        assertThat(checks).isGreaterThan(50_000);
    }

    /** Compares a log with its shadow, which took the same rows one by one: offsets, rows, epochs and state. */
    private static int compareWithShadow(long seed, int step, ReplicaLog log, ReplicaLog shadow, int epochMax) {
        List<String> wrong = new ArrayList<>();
        if (log.endOffset() != shadow.endOffset() || log.logStartOffset() != shadow.logStartOffset()
                || log.latestEpoch() != shadow.latestEpoch()) {
            wrong.add("end " + log.endOffset() + "/" + shadow.endOffset() + ", start " + log.logStartOffset() + "/"
                    + shadow.logStartOffset() + ", latest epoch " + log.latestEpoch() + "/" + shadow.latestEpoch());
        }
        for (int e = -1; e <= epochMax + 1; e++) {
            if (log.endOffsetForEpoch(e) != shadow.endOffsetForEpoch(e)) {
                wrong.add("end offset of epoch " + e);
            }
        }
        if (!java.util.Arrays.equals(log.rowsBetween(0, log.endOffset()), shadow.rowsBetween(0, shadow.endOffset()))) {
            wrong.add("rows");
        }
        for (long producerId : PRODUCERS) {
            if (!java.util.Arrays.equals(log.producerState(producerId), shadow.producerState(producerId))) {
                wrong.add("producer " + producerId);
            }
        }
        if (!log.openTransactions().equals(shadow.openTransactions())) {
            wrong.add("open transactions");
        }
        assertThat(wrong).as("seed %d step %d, against the shadow", seed, step).isEmpty();
        return 1;
    }

    /** Compares one log with its reference; plain checks, asserted once per step (millions of them a run). */
    private static int compare(long seed, int step, ReplicaLog log, Reference ref) {
        List<String> wrong = new ArrayList<>();
        int checks = 0;
        for (long producerId : PRODUCERS) {
            if (!java.util.Arrays.equals(log.producerState(producerId), ref.producers.get(producerId))) {
                wrong.add("producer " + producerId);
            }
            checks++;
        }
        if (!log.openTransactions().equals(new TreeMap<>(ref.open))) {
            wrong.add("open transactions " + log.openTransactions() + " want " + new TreeMap<>(ref.open));
        }
        long hw = log.endOffset();
        long lso = hw;
        for (long first : ref.open.values()) {
            lso = Math.min(lso, first);
        }
        if (log.lastStableOffset(hw) != lso) {
            wrong.add("last stable offset " + log.lastStableOffset(hw) + " want " + lso);
        }
        for (long txnId : TXNS) {
            LogRecord probe = new LogRecord(LogRecord.DATA, "k", null, new LogRecord.Stamp(1000, (short) 0, txnId, "w", 0),
                    LogRecord.BY_PUT);
            if (log.isCommitted(probe) != (txnId < 0 || ref.committed.contains(txnId))
                    || log.isAborted(probe) != (txnId >= 0 && ref.aborted.contains(txnId))) {
                wrong.add("status of transaction " + txnId);
            }
            checks += 2;
        }
        // The last offsets (where the open transactions are) and a stride through the rest.
        for (long offset = log.endOffset() - 1; offset >= log.logStartOffset(); offset -= offset > log.endOffset() - 30 ? 1 : 37) {
            long txnId = log.fromRow(offset).txnId();
            if (log.isCommittedAt(offset) != (txnId < 0 || ref.committed.contains(txnId))) {
                wrong.add("committed at " + offset);
            }
            checks++;
        }
        assertThat(wrong).as("seed %d step %d", seed, step).isEmpty();
        return checks;
    }

    /** The rows a fetch response's spans stand for, -1 where an offset is no longer in the log. */
    private static int[] expand(int[] spans, long from, long to) {
        int[] rows = new int[(int) (to - from)];
        int at = 0;
        for (int s = 0; s < spans.length; s += 3) {
            assertThat(spans[s]).as("spans are contiguous").isEqualTo(from + at);
            for (int offset = spans[s]; offset < spans[s + 1]; offset++) {
                rows[at++] = spans[s + 2] == ReplicaLog.NO_ROWS ? -1 : offset + spans[s + 2];
            }
        }
        assertThat(at).as("spans cover the range").isEqualTo(rows.length);
        return rows;
    }
}
