package racelab.logsim.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import racelab.logsim.config.LogSettings;
import racelab.logsim.model.LogRecord;
import racelab.logsim.sim.EventQueue;

/**
 * The brokers, their partitions and the network between machines, plus a KRaft-like controller: it fences a broker
 * that stopped heartbeating after {@code broker.session.timeout.ms}, elects leaders (cleanly from the ISR, or uncleanly
 * when {@code unclean.leader.election.enable}), and keeps the last ISR member in the ISR when it goes away.
 * Followers replicate by fetching; the leader shrinks the ISR by {@code replica.lag.time.max.ms} and advances the
 * high watermark to the smallest end offset in the ISR.
 */
public final class Cluster {

    /** The answer to a produce request. */
    public interface ProduceResponse {
        void accept(Errors error, long baseOffset);
    }

    private final SimContext ctx;
    private final List<Machine> brokers = new ArrayList<>();
    private final Map<String, PartitionState[]> topics = new LinkedHashMap<>();
    private final boolean[] fenced;
    /** Brokers whose machine has no power (a killed broker's machine still has power and its page cache). */
    private final boolean[] poweredOff;
    private final int[] crashRestarts;
    private final long networkDelayMs;
    private final long jitterMs;
    private final long fetchWaitMaxMs;
    private final long fetchBackoffMs;
    private final long lagTimeMaxMs;

    public Cluster(SimContext ctx, List<Machine> brokerMachines) {
        this.ctx = ctx;
        brokers.addAll(brokerMachines);
        fenced = new boolean[brokers.size()];
        poweredOff = new boolean[brokers.size()];
        crashRestarts = new int[brokers.size()];
        LogSettings settings = ctx.settings;
        networkDelayMs = settings.getLong("sim.network.delay.ms");
        jitterMs = settings.getLong("sim.network.jitter.ms");
        fetchWaitMaxMs = settings.getLong(LogSettings.REPLICA_FETCH_WAIT_MAX_MS);
        fetchBackoffMs = settings.getLong(LogSettings.REPLICA_FETCH_BACKOFF_MS);
        lagTimeMaxMs = settings.getLong(LogSettings.REPLICA_LAG_TIME_MAX_MS);
        int partitions = (int) settings.getLong("sim.partitions");
        int topicIndex = 0;
        for (String role : LogSettings.ROLES) {
            int count = role.equals("__consumer_offsets") ? 1 : partitions;
            int rf = (int) settings.topicLong(role, LogSettings.STREAMS_REPLICATION_FACTOR);
            PartitionState[] states = new PartitionState[count];
            for (int p = 0; p < count; p++) {
                int[] replicas = new int[rf];
                for (int i = 0; i < rf; i++) {
                    replicas[i] = (p + topicIndex + i) % brokers.size();
                }
                states[p] = new PartitionState(new TopicPartition(role, p), role, replicas, settings, new RecordRows(ctx));
                for (int i = 0; i < rf; i++) {
                    states[p].inIsr[i] = true;
                }
                elect(states[p], 0, false);
            }
            topics.put(role, states);
            topicIndex++;
        }
        schedulePeriodic(Math.max(1, lagTimeMaxMs / 2), this::shrinkIsrs);
        long writebackMs = settings.getLong("sim.os.writeback.interval.ms");
        long dirtyExpireMs = settings.getLong("sim.os.dirty.expire.ms");
        // Each broker's kernel flusher wakes every dirty_writeback interval at its own phase (seeded), writing back
        // pages dirty for longer than dirty_expire: two seeds cut power at different points of each broker's cycle.
        for (int b = 0; b < brokers.size(); b++) {
            int broker = b;
            long phaseMs = ctx.seed.derive("os-writeback-" + brokers.get(b).id).nextLong(Math.max(1, writebackMs));
            schedulePeriodic(phaseMs + 1, Math.max(1, writebackMs),
                    () -> forEachLiveLogOf(broker, log -> log.writeBackOlderThan(ctx.nowMs() - dirtyExpireMs)));
        }
        schedulePeriodic(Math.max(1, settings.getLong(LogSettings.LOG_RETENTION_CHECK_INTERVAL_MS)), this::enforceRetention);
        for (PartitionState[] states : topics.values()) {
            for (PartitionState p : states) {
                if (p.flushMs > 0 && p.flushMs < Long.MAX_VALUE) {
                    schedulePeriodic(p.flushMs, () -> flushByTime(p));
                }
            }
        }
    }

    private void schedulePeriodic(long periodMs, Runnable action) {
        schedulePeriodic(periodMs, periodMs, action);
    }

    private void schedulePeriodic(long firstMs, long periodMs, Runnable action) {
        ctx.queue.after(firstMs, new Runnable() {
            @Override
            public void run() {
                action.run();
                ctx.queue.after(periodMs, this);
            }
        });
    }

    private interface LogAction {
        void apply(ReplicaLog log);
    }

    private void forEachLiveLog(LogAction action) {
        for (PartitionState[] states : topics.values()) {
            for (PartitionState p : states) {
                for (int i = 0; i < p.replicas.length; i++) {
                    if (brokers.get(p.replicas[i]).up) {
                        action.apply(p.logs[i]);
                    }
                }
            }
        }
    }

    /** The logs of a broker whose machine has power: the kernel writes back dirty pages even after a kill -9. */
    private void forEachLiveLogOf(int broker, LogAction action) {
        if (poweredOff[broker]) {
            return;
        }
        for (PartitionState[] states : topics.values()) {
            for (PartitionState p : states) {
                for (int i = 0; i < p.replicas.length; i++) {
                    if (p.replicas[i] == broker) {
                        action.apply(p.logs[i]);
                    }
                }
            }
        }
    }

    public PartitionState partition(String role, int partition) {
        return topics.get(role)[partition];
    }

    public int partitionCount(String role) {
        return topics.get(role).length;
    }

    public List<Machine> brokers() {
        return brokers;
    }

    public Machine broker(int index) {
        return brokers.get(index);
    }

    public boolean isFenced(int broker) {
        return fenced[broker];
    }

    /** All partitions, topic by topic. */
    public List<PartitionState> allPartitions() {
        List<PartitionState> all = new ArrayList<>();
        for (PartitionState[] states : topics.values()) {
            all.addAll(Arrays.asList(states));
        }
        return all;
    }

    // ------------------------------------------------------------------ network

    /**
     * Sends a message from one machine to another. It is lost if either end is isolated or down; it arrives after the
     * network delay (plus any slow-link delay) and is held back while the receiver is paused.
     */
    public void send(Machine from, Machine to, Runnable onArrival) {
        send(from, to, 0, onArrival);
    }

    private void send(Machine from, Machine to, long additionalDelayMs, Runnable onArrival) {
        if (!from.up || from.isolated || to.isolated) {
            return;
        }
        long wireMs = linkDelayMs(from, to) + from.extraDelayMs + to.extraDelayMs;
        // The follower's own lag (additionalDelayMs: a fetcher busy under load) is not the wire's: it stays out of the
        // TCP order, so one partition's slow fetches do not hold back the others between the same two brokers.
        long arrivalMs = EventQueue.later(linkOrder.arrival(from, to, EventQueue.later(ctx.nowMs(), wireMs), this),
                additionalDelayMs);
        ctx.queue.at(arrivalMs, to.guard(() -> {
            if (!to.isolated && !from.isolated) {
                onArrival.run();
            }
        }));
    }

    /**
     * A client's TCP connection to one broker (the KafkaChannel a NetworkClient keeps per node). TCP delivers in order
     * or not at all, and retransmits what an isolation keeps from arriving: a request or response sent into (or caught
     * in) an isolation is held and delivered when the network heals, and everything after it on the connection waits
     * behind it. So a short blip delays requests but never loses one while later ones get through, and a long isolation
     * delivers old requests late, to a broker that may no longer lead (NOT_LEADER_OR_FOLLOWER). A broker process that
     * dies (kill -9) leaves a live kernel that resets its connections, so the client hears of it at once; a power cut
     * resets nothing, and the client learns only when a request times out ({@code request.timeout.ms}; NetworkClient
     * then closes the connection), or when the broker's machine is back: its new kernel knows no such connection and
     * answers the client's next segment with a reset (RFC 793 "Reset Generation": a segment for a connection that does
     * not exist). That next segment is the retransmission of the oldest unacknowledged request, which Linux resends
     * after 200 ms, then 400, 800, ... (exponential backoff from TCP_RTO_MIN to TCP_RTO_MAX, 120 s), or, if nothing is
     * unacknowledged, the next request the client sends. Simplifications: held data is delivered at the heal plus the link delay (real TCP at
     * its next retransmission, up to the retransmission timeout later); replica fetches and the coordinator's messages
     * keep the per-message model of {@link #send(Machine, Machine, Runnable)}.
     */
    public static final class Connection {
        final Machine client;
        final int clientIncarnation;
        final int broker;
        final Runnable onReset;
        boolean broken;
        boolean closed;
        /** Broken by a power cut at the broker: the broker's incarnation then, else -1. */
        int silencedIncarnation = -1;
        /** When the oldest request the dead broker never acknowledged was sent (TCP's retransmission clock), or -1. */
        long firstUnackedMs = -1;
        /** The reset that the restarted broker's kernel sends has been scheduled. */
        boolean resetScheduled;
        /** Per direction (0: requests, 1: responses): next sequence to send, next to deliver, last arrival time. */
        final long[] nextSendSeq = new long[2];
        final long[] nextDeliverSeq = new long[2];
        final long[] lastArrivalMs = new long[2];
        /** Per direction: messages an isolation holds back, and messages that arrived ahead of an earlier one. */
        final List<java.util.TreeMap<Long, Runnable>> held = List.of(new java.util.TreeMap<>(), new java.util.TreeMap<>());
        final List<java.util.TreeMap<Long, Runnable>> early = List.of(new java.util.TreeMap<>(), new java.util.TreeMap<>());

        Connection(Machine client, int broker, Runnable onReset) {
            this.client = client;
            this.clientIncarnation = client.incarnation;
            this.broker = broker;
            this.onReset = onReset;
        }

        /** Whether nothing sent on it can arrive any more. */
        public boolean isBroken() {
            return broken || closed;
        }

        boolean dead() {
            return closed || broken || client.incarnation != clientIncarnation || !client.up;
        }
    }

    private final List<List<Connection>> connections = new ArrayList<>();

    /** Opens a connection from {@code client} to {@code broker}; {@code onReset} runs if the broker process resets it. */
    public Connection connect(Machine client, int broker, Runnable onReset) {
        while (connections.size() <= broker) {
            connections.add(new ArrayList<>());
        }
        Connection c = new Connection(client, broker, onReset);
        connections.get(broker).add(c);
        return c;
    }

    /** The client closes a connection (NetworkClient.close after a request timeout, or producer close). */
    public void close(Connection c) {
        c.closed = true;
        if (c.broker < connections.size()) {
            connections.get(c.broker).remove(c);
        }
    }

    /** A request from the client to the broker on {@code c}: in order after earlier ones, or lost with the connection. */
    public void sendRequest(Connection c, Runnable onArrival) {
        sendOn(c, 0, onArrival);
    }

    private void sendOn(Connection c, int direction, Runnable onArrival) {
        if (direction == 0 && c.silencedIncarnation >= 0 && !c.closed) {
            // Into a connection whose broker lost power: unacknowledged, retransmitted, reset once the machine is back.
            if (c.firstUnackedMs < 0) {
                c.firstUnackedMs = ctx.nowMs();
            }
            maybeResetSilenced(c);
        }
        if (c.dead()) {
            return;
        }
        long seq = c.nextSendSeq[direction]++;
        Machine from = direction == 0 ? c.client : brokers.get(c.broker);
        Machine to = direction == 0 ? brokers.get(c.broker) : c.client;
        if (!from.up) {
            return;
        }
        if (from.isolated || to.isolated || !c.held.get(direction).isEmpty()) {
            c.held.get(direction).put(seq, onArrival);
            return;
        }
        transmit(c, direction, seq, onArrival);
    }

    private void transmit(Connection c, int direction, long seq, Runnable onArrival) {
        Machine from = direction == 0 ? c.client : brokers.get(c.broker);
        Machine to = direction == 0 ? brokers.get(c.broker) : c.client;
        long arrivalMs = EventQueue.later(ctx.nowMs(), linkDelayMs(from, to) + from.extraDelayMs + to.extraDelayMs);
        // FIFO per direction: a slow link that heals never lets a later message overtake an earlier one.
        arrivalMs = Math.max(arrivalMs, c.lastArrivalMs[direction]);
        c.lastArrivalMs[direction] = arrivalMs;
        ctx.queue.at(arrivalMs, to.guard(() -> arrive(c, direction, seq, onArrival)));
    }

    private void arrive(Connection c, int direction, long seq, Runnable onArrival) {
        if (!deliverable(c, direction)) {
            return;
        }
        Machine from = direction == 0 ? c.client : brokers.get(c.broker);
        Machine to = direction == 0 ? brokers.get(c.broker) : c.client;
        if (from.isolated || to.isolated) {
            c.held.get(direction).put(seq, onArrival);
            return;
        }
        if (seq != c.nextDeliverSeq[direction]) {
            // An earlier message is still held by the isolation: TCP hands nothing later to the application.
            c.early.get(direction).put(seq, onArrival);
            return;
        }
        c.nextDeliverSeq[direction]++;
        onArrival.run();
        Runnable next;
        while ((next = c.early.get(direction).remove(c.nextDeliverSeq[direction])) != null && deliverable(c, direction)) {
            c.nextDeliverSeq[direction]++;
            next.run();
        }
    }

    /**
     * Whether a message already sent on {@code c} is still handed over at its end. A request on the wire reaches the
     * broker even if its client lost power or closed the connection meanwhile (the broker reads it and its answer
     * goes nowhere); only the broker's own death (or restart) stops it. An answer reaches only a client that still
     * has the connection.
     */
    private static boolean deliverable(Connection c, int direction) {
        return direction == 0 ? !c.broken : !c.dead();
    }

    /**
     * The network heals around {@code broker}: what its connections held is retransmitted, in order. Held data is
     * in its sender's kernel (TCP's retransmission queue), so it is gone if that sender died or closed meanwhile.
     */
    private void releaseHeld(int broker) {
        if (broker >= connections.size()) {
            return;
        }
        for (Connection c : new ArrayList<>(connections.get(broker))) {
            if (c.dead()) {
                continue;
            }
            for (int direction = 0; direction < 2; direction++) {
                java.util.TreeMap<Long, Runnable> waiting = new java.util.TreeMap<>(c.held.get(direction));
                c.held.get(direction).clear();
                for (Map.Entry<Long, Runnable> m : waiting.entrySet()) {
                    transmit(c, direction, m.getKey(), m.getValue());
                }
            }
        }
    }

    /**
     * The broker's process died: its kernel resets every client connection, which the client hears after a delay. A
     * connection of a client process that died since (a power cut or kill of the client machine) has no one left to
     * hear it: the restarted machine runs new processes with new connections, and the reset of an old one reaches a
     * kernel that knows nothing of it. Before, the reset woke the dead incarnation's producer, which re-sent a
     * transaction the coordinator had already aborted without markers (seed 7159 of {@code log-safety}: the applied
     * topic's last stable offset stopped at that zombie's data and 72 decisions never became readable).
     */
    private void resetConnections(int broker) {
        if (broker >= connections.size()) {
            return;
        }
        for (Connection c : new ArrayList<>(connections.get(broker))) {
            c.broken = true;
            if (c.onReset != null && c.client.up && c.client.incarnation == c.clientIncarnation && !c.client.isolated) {
                ctx.queue.after(linkDelayMs(brokers.get(broker), c.client), c.client.guard(() -> {
                    if (!c.closed && c.client.incarnation == c.clientIncarnation) {
                        c.onReset.run();
                    }
                }));
            }
        }
    }

    /**
     * A power cut resets nothing: the client's connections stay open and silent until a request times out or the
     * broker's machine is back (see {@link Connection}). A request still on its way at the cut is unacknowledged.
     */
    private void silenceConnections(int broker) {
        if (broker < connections.size()) {
            for (Connection c : connections.get(broker)) {
                c.broken = true;
                c.silencedIncarnation = brokers.get(broker).incarnation;
                if (c.lastArrivalMs[0] > ctx.nowMs()) {
                    c.firstUnackedMs = ctx.nowMs();
                }
            }
        }
    }

    /** The broker's machine is back after a power cut: each silenced connection is reset at its next segment. */
    private void resetSilencedConnections(int broker) {
        if (broker < connections.size()) {
            for (Connection c : new ArrayList<>(connections.get(broker))) {
                if (c.silencedIncarnation >= 0 && c.firstUnackedMs >= 0) {
                    maybeResetSilenced(c);
                }
            }
        }
    }

    /** Linux's minimum and maximum retransmission timeouts (include/net/tcp.h: TCP_RTO_MIN = HZ/5, TCP_RTO_MAX). */
    private static final long TCP_RTO_MIN_MS = 200;
    private static final long TCP_RTO_MAX_MS = 120_000;

    /**
     * Schedules the reset of a silenced connection once its broker's machine runs again: at the first retransmission
     * of the oldest unacknowledged request from now on (or now, for a request just sent), plus the round trip.
     */
    private void maybeResetSilenced(Connection c) {
        Machine broker = brokers.get(c.broker);
        if (c.resetScheduled || c.onReset == null || !broker.up || broker.incarnation == c.silencedIncarnation) {
            return;
        }
        long now = ctx.nowMs();
        long segmentMs = c.firstUnackedMs;
        long rtoMs = TCP_RTO_MIN_MS;
        while (segmentMs < now) {
            segmentMs += rtoMs;
            rtoMs = Math.min(2 * rtoMs, TCP_RTO_MAX_MS);
        }
        c.resetScheduled = true;
        long resetHeardMs = segmentMs + linkDelayMs(c.client, broker) + linkDelayMs(broker, c.client);
        ctx.trace("tcp-reset", broker.id, broker.id + " is back after its power cut; its kernel knows no connection from "
                + c.client.id + " and answers " + (segmentMs == now ? "its next request" : "the retransmission at "
                + segmentMs + " ms") + " with a reset");
        ctx.queue.at(resetHeardMs, c.client.guard(() -> {
            if (!c.closed && c.client.incarnation == c.clientIncarnation) {
                c.onReset.run();
            }
        }));
    }

    private final LinkOrder linkOrder = new LinkOrder();

    /**
     * TCP order between two machines: a message never arrives before one sent earlier from the same machine to the
     * same machine while both run the same incarnation (a restart opens new connections). Without it a slow link or a
     * lagging follower that heals let a later request overtake an earlier one: seed 292 of
     * {@code log-safety --set processing.guarantee=at_least_once --set sim.network.jitter.ms=40} had a restarted app's
     * first changelog and applied batches overtaken by later ones, which no TCP connection allows. One order per
     * machine pair is stricter than Kafka's separate connections per client (producer, consumer), never looser: every
     * order it produces is one real connections can produce.
     */
    private static final class LinkOrder {
        private long[][] lastArrivalMs = new long[0][];
        private long[][] incarnations = new long[0][];

        long arrival(Machine from, Machine to, long earliestMs, Cluster cluster) {
            int a = from.linkIndex(cluster);
            int b = to.linkIndex(cluster);
            int size = Math.max(a, b) + 1;
            if (lastArrivalMs.length < size) {
                lastArrivalMs = java.util.Arrays.copyOf(lastArrivalMs, size * 2);
                incarnations = java.util.Arrays.copyOf(incarnations, size * 2);
            }
            if (lastArrivalMs[a] == null || lastArrivalMs[a].length <= b) {
                int width = Math.max(size * 2, lastArrivalMs[a] == null ? 0 : lastArrivalMs[a].length);
                lastArrivalMs[a] = lastArrivalMs[a] == null ? new long[width] : java.util.Arrays.copyOf(lastArrivalMs[a], width);
                incarnations[a] = incarnations[a] == null ? new long[width] : java.util.Arrays.copyOf(incarnations[a], width);
            }
            long pair = ((long) from.incarnation << 32) | (to.incarnation & 0xffffffffL);
            long arrivalMs = earliestMs;
            if (incarnations[a][b] == pair) {
                arrivalMs = Math.max(arrivalMs, lastArrivalMs[a][b]);
            }
            incarnations[a][b] = pair;
            lastArrivalMs[a][b] = arrivalMs;
            return arrivalMs;
        }
    }

    private final Map<String, Long> linkDelaysMs = new java.util.HashMap<>();

    /**
     * The one-way latency of a link: {@code sim.network.delay.ms} plus a seeded extra of up to
     * {@code sim.network.jitter.ms}, fixed per link so messages on one connection stay in order (TCP).
     */
    private long linkDelayMs(Machine from, Machine to) {
        if (jitterMs <= 0) {
            return networkDelayMs;
        }
        // Cached per link in a table indexed by machine (no key strings or boxing on the hot path).
        int a = from.linkIndex(this);
        int b = to.linkIndex(this);
        if (a >= linkTable.length || b >= linkTable.length) {
            long[][] grown = new long[Math.max(a, b) * 2 + 2][];
            System.arraycopy(linkTable, 0, grown, 0, linkTable.length);
            linkTable = grown;
        }
        if (linkTable[a] == null || linkTable[a].length <= b) {
            long[] row = new long[linkTable.length];
            java.util.Arrays.fill(row, -1);
            if (linkTable[a] != null) {
                System.arraycopy(linkTable[a], 0, row, 0, linkTable[a].length);
            }
            linkTable[a] = row;
        }
        long delay = linkTable[a][b];
        if (delay < 0) {
            delay = linkDelaysMs.computeIfAbsent(from.id + ">" + to.id,
                    link -> networkDelayMs + ctx.seed.derive("link-" + link).nextLong(jitterMs + 1));
            linkTable[a][b] = delay;
        }
        return delay;
    }

    private long[][] linkTable = new long[0][];
    private int linkIndexes;

    int nextLinkIndex() {
        return linkIndexes++;
    }

    // ------------------------------------------------------------------ produce path

    /**
     * Handles a produce request at the broker it was sent to. {@code acks} is 0, 1 or -1; the response travels back over
     * the network (never for acks=0).
     */
    public void handleProduce(Machine client, int broker, PartitionState p, List<LogRecord> batch, int acks,
            ProduceResponse response) {
        handleProduce(client, broker, p, batch, acks, null, response);
    }

    /**
     * Like {@link #handleProduce(Machine, int, PartitionState, List, int, ProduceResponse)}, answering on the client's
     * connection {@code conn} (null: the per-message network).
     */
    public void handleProduce(Machine client, int broker, PartitionState p, List<LogRecord> batch, int acks,
            Connection conn, ProduceResponse response) {
        if (conn != null) {
            response = new AnswerOn(conn, response);
        }
        Machine brokerMachine = brokers.get(broker);
        if (p.leaderBroker() != broker || fenced[broker]) {
            respond(brokerMachine, client, acks, response, Errors.NOT_LEADER_OR_FOLLOWER, -1);
            return;
        }
        // Partition.appendRecordsToLeader checks the ISR against effectiveMinIsr = min(min.insync.replicas,
        // replication factor): a topic whose replication factor is below min.insync.replicas still takes acks=all.
        if (acks == -1 && p.isrSize() < p.effectiveMinIsr()) {
            respond(brokerMachine, client, acks, response, Errors.NOT_ENOUGH_REPLICAS, -1);
            return;
        }
        ReplicaLog log = p.leaderLog();
        LogRecord first = batch.get(0);
        if (first.producerId() >= 0) {
            int[] state = log.producerState(first.producerId());
            if (state != null) {
                if (first.producerEpoch() < state[0]) {
                    respond(brokerMachine, client, acks, response, Errors.INVALID_PRODUCER_EPOCH, -1);
                    return;
                }
                if (first.sequence > 0 && first.producerEpoch() > state[0]) {
                    // ProducerAppendInfo.checkSequence: a new epoch of a known producer must start at sequence 0.
                    respond(brokerMachine, client, acks, response, Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, -1);
                    return;
                }
                if (first.sequence >= 0 && first.producerEpoch() == state[0]) {
                    int lastSequence = batch.get(batch.size() - 1).sequence;
                    if (lastSequence <= state[1]) {
                        long[] original = findBatch(log, first.producerId(), state[0], first.sequence, lastSequence);
                        if (original == null) {
                            // Sequences this producer already moved past, yet not a batch the log holds: Kafka's
                            // ProducerAppendInfo.checkSequence answers OUT_OF_ORDER_SEQUENCE_NUMBER. Acknowledging it
                            // as a duplicate would drop records nobody stored (seed 292, see LinkOrder).
                            respond(brokerMachine, client, acks, response, Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, -1);
                            return;
                        }
                        // A duplicate is answered like the original append: once the high watermark covers it.
                        awaitAcks(p, brokerMachine, client, acks, response, original[0], original[1] + 1);
                        return;
                    }
                    if (first.sequence != state[1] + 1) {
                        respond(brokerMachine, client, acks, response, Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, -1);
                        return;
                    }
                }
            }
        }
        long baseOffset = log.endOffset();
        // Appending changes neither the ISR nor the elections, so the batch's records share these two forensic facts.
        byte isrSize = (byte) p.isrSize(); // at most sim.brokers (9)
        boolean uncleanLeader = p.uncleanElections > 0;
        for (LogRecord record : batch) {
            appendAtLeader(p, record.offset >= 0 ? record.copyForReappend() : record, acks, isrSize, uncleanLeader);
        }
        long requiredOffset = log.endOffset();
        afterLeaderAppend(p);
        if (acks == 1) {
            respond(brokerMachine, client, acks, response, Errors.NONE, baseOffset);
        } else if (acks == -1) {
            awaitAcks(p, brokerMachine, client, acks, response, baseOffset, requiredOffset);
        }
    }

    /**
     * The offsets of the first and last record of a batch this producer appended before, or null when the log does not
     * hold that exact batch. Kafka keeps the metadata of a producer's last five batches
     * (ProducerStateEntry.NUM_BATCHES_TO_RETAIN) and answers DUPLICATE_SEQUENCE_NUMBER only for one of them; with at
     * most five requests in flight a retried batch is always among them, so the simulator looks for the batch's records
     * in the log instead (a rare path: only a retry of a batch whose answer was lost comes here).
     */
    private static long[] findBatch(ReplicaLog log, long producerId, int epoch, int firstSequence, int lastSequence) {
        long lastOffset = -1;
        for (long offset = log.endOffset() - 1; offset >= log.logStartOffset(); offset--) {
            LogRecord r = log.get(offset);
            if (r == null || r.producerId() != producerId || r.isMarker()) {
                continue;
            }
            if (r.producerEpoch() != epoch || r.sequence < firstSequence) {
                return null;
            }
            if (r.sequence == lastSequence) {
                lastOffset = offset;
            }
            if (r.sequence == firstSequence) {
                return lastOffset < 0 ? null : new long[] {offset, lastOffset};
            }
        }
        return null;
    }

    /**
     * acks=all: answer once the high watermark passes the append. Like Kafka's delayed produce, the ISR is checked
     * again at that moment: if it shrank below min.insync.replicas the answer is NOT_ENOUGH_REPLICAS_AFTER_APPEND.
     */
    private void awaitAcks(PartitionState p, Machine brokerMachine, Machine client, int acks, ProduceResponse response,
            long baseOffset, long requiredOffset) {
        PartitionState.AckWaiter waiter = new PartitionState.AckWaiter(requiredOffset, p.leaderEpoch,
                () -> respond(brokerMachine, client, acks, response, Errors.NONE, baseOffset),
                () -> respond(brokerMachine, client, acks, response, Errors.NOT_LEADER_OR_FOLLOWER, -1),
                () -> respond(brokerMachine, client, acks, response, Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND, -1));
        if (p.highWatermark >= requiredOffset) {
            complete(p, waiter);
        } else {
            p.waiters.add(waiter);
        }
    }

    private static void complete(PartitionState p, PartitionState.AckWaiter waiter) {
        if (p.isrSize() < p.effectiveMinIsr()) {
            // Partition.checkEnoughReplicasReachOffset: NOT_ENOUGH_REPLICAS_AFTER_APPEND below effectiveMinIsr.
            waiter.onNotEnoughReplicas().run();
        } else {
            waiter.onAcked().run();
        }
    }

    /** A produce response that travels back on the client's connection rather than as a loose message. */
    private record AnswerOn(Connection conn, ProduceResponse inner) implements ProduceResponse {
        @Override
        public void accept(Errors error, long baseOffset) {
            inner.accept(error, baseOffset);
        }
    }

    private void respond(Machine broker, Machine client, int acks, ProduceResponse response, Errors error, long offset) {
        if (acks == 0) {
            return;
        }
        if (response instanceof AnswerOn on) {
            sendOn(on.conn(), 1, () -> on.inner().accept(error, offset));
        } else {
            send(broker, client, () -> response.accept(error, offset));
        }
    }

    private void appendAtLeader(PartitionState p, LogRecord record, int acks, byte isrSize, boolean uncleanLeader) {
        ReplicaLog log = p.leaderLog();
        record.offset = (int) log.endOffset(); // the log is an array: its end is an int
        record.leaderEpoch = p.leaderEpoch;
        record.appendTimeMs = ctx.nowMs();
        LogRecord origin = record.origin();
        origin.appendCount++;
        origin.acksUsed = (byte) acks; // -1, 0 or 1
        origin.isrSizeAtAppend = isrSize;
        origin.uncleanLeaderAtAppend = uncleanLeader;
        log.append(record);
    }

    /**
     * WriteTxnMarkers: the transaction coordinator sends a COMMIT/ABORT marker to the partition leader, which appends
     * it like any replicated produce with acks=-1 (KafkaApis.handleWriteTxnMarkersRequest calls appendRecords with
     * requiredAcks=-1): refused with NOT_ENOUGH_REPLICAS below min.insync.replicas, answered only once the high
     * watermark covers it, NOT_LEADER_OR_FOLLOWER when leadership moved. A marker sent to a partition with no leader
     * is answered NOT_LEADER_OR_FOLLOWER by the coordinator's own metadata, without a request.
     */
    public void writeTxnMarker(Machine coordinator, PartitionState p, LogRecord marker, ProduceResponse response) {
        int leader = p.leaderBroker();
        if (leader < 0) {
            ctx.queue.after(networkDelayMs, () -> response.accept(Errors.NOT_LEADER_OR_FOLLOWER, -1));
            return;
        }
        send(coordinator, brokers.get(leader),
                () -> handleProduce(coordinator, leader, p, List.of(marker), -1, response));
    }

    private void afterLeaderAppend(PartitionState p) {
        applyFlushPolicy(p, p.leaderLog());
        maybeAdvanceHighWatermark(p);
        for (int i = 0; i < p.replicas.length; i++) {
            if (p.parkedFetch[i] >= 0) {
                long sequence = p.parkedFetch[i];
                p.parkedFetch[i] = -1;
                respondToFetch(p, i, p.fetchTokens[i], sequence, p.followerEndOffsets[i]);
            }
        }
    }

    private void applyFlushPolicy(PartitionState p, ReplicaLog log) {
        if (p.flushMs == 0 || log.endOffset() - log.flushedOffset() >= p.flushMessages) {
            log.flush(ctx.nowMs());
        }
    }

    private void flushByTime(PartitionState p) {
        for (int i = 0; i < p.replicas.length; i++) {
            if (brokers.get(p.replicas[i]).up && ctx.nowMs() - p.logs[i].lastFlushMs() >= p.flushMs) {
                p.logs[i].flush(ctx.nowMs());
            }
        }
    }

    // ------------------------------------------------------------------ replication

    private void startFetcher(PartitionState p, int i) {
        p.fetchTokens[i]++;
        p.parkedFetch[i] = -1;
        Machine follower = brokers.get(p.replicas[i]);
        if (i == p.leaderIndex || p.leaderIndex < 0 || !follower.up || fenced[p.replicas[i]]) {
            return;
        }
        // KIP-101: ask the leader where our latest epoch ends there and cut off anything past it.
        ReplicaLog log = p.logs[i];
        long leaderEnd = p.leaderLog().endOffsetForEpoch(log.latestEpoch());
        if (leaderEnd < log.endOffset()) {
            ctx.trace("truncate", p.name(), "broker-" + (p.replicas[i] + 1) + " truncates " + p.name() + " from "
                    + log.endOffset() + " to " + leaderEnd + " to follow the leader's epoch " + p.leaderEpoch);
            log.truncateTo(leaderEnd, LogRecord.LOST_EPOCH_TRUNCATION);
        }
        sendFetch(p, i, p.fetchTokens[i]);
    }

    private void sendFetch(PartitionState p, int i, int token) {
        if (p.leaderIndex < 0 || p.leaderIndex == i || p.fetchTokens[i] != token) {
            return;
        }
        long sequence = ++p.fetchSequences[i];
        long fetchOffset = p.logs[i].endOffset();
        int leaderIndex = p.leaderIndex;
        int epoch = p.leaderEpoch;
        Machine follower = brokers.get(p.replicas[i]);
        Machine leader = brokers.get(p.replicas[leaderIndex]);
        send(follower, leader, follower.replicationDelayMs + p.fetchDelayMs, () -> {
            if (p.fetchTokens[i] == token && p.leaderIndex == leaderIndex && p.leaderEpoch == epoch) {
                handleFetch(p, i, token, sequence, fetchOffset);
            }
        });
        // A lost request or response is noticed by a timeout, then the follower fetches again after the backoff.
        ctx.queue.after(fetchWaitMaxMs + 4 * networkDelayMs + fetchBackoffMs
                + 2 * (follower.extraDelayMs + leader.extraDelayMs + follower.replicationDelayMs + p.fetchDelayMs),
                follower.guard(() -> {
                    if (p.fetchTokens[i] == token && p.fetchSequences[i] == sequence) {
                        sendFetch(p, i, token);
                    }
                }));
    }

    private void handleFetch(PartitionState p, int i, int token, long sequence, long fetchOffset) {
        long now = ctx.nowMs();
        ReplicaLog leaderLog = p.leaderLog();
        long leaderEnd = leaderLog.endOffset();
        if (fetchOffset > leaderEnd) {
            // The follower is ahead of a new leader: make it truncate and start over.
            startFetcher(p, i);
            return;
        }
        p.followerEndOffsets[i] = fetchOffset;
        if (fetchOffset >= leaderEnd) {
            p.lastCaughtUpMs[i] = now;
        } else if (fetchOffset >= p.leaderEndAtLastFetch[i]) {
            p.lastCaughtUpMs[i] = p.lastFetchMs[i];
        }
        p.lastFetchMs[i] = now;
        p.leaderEndAtLastFetch[i] = leaderEnd;
        if (!p.inIsr[i] && fetchOffset >= p.highWatermark && !fenced[p.replicas[i]]) {
            boolean[] oldIsr = p.inIsr.clone();
            p.inIsr[i] = true;
            updateElr(p, oldIsr, -1);
            ctx.trace("isr-expand", p.name(), "broker-" + (p.replicas[i] + 1) + " caught up and rejoins the ISR of "
                    + p.name() + " (ISR size " + p.isrSize() + ")");
        }
        maybeAdvanceHighWatermark(p);
        if (fetchOffset < leaderEnd) {
            respondToFetch(p, i, token, sequence, fetchOffset);
        } else {
            p.parkedFetch[i] = sequence;
            ctx.queue.after(fetchWaitMaxMs, () -> {
                if (p.parkedFetch[i] == sequence && p.fetchTokens[i] == token) {
                    p.parkedFetch[i] = -1;
                    respondToFetch(p, i, token, sequence, fetchOffset);
                }
            });
        }
    }

    private void respondToFetch(PartitionState p, int i, int token, long sequence, long fromOffset) {
        ReplicaLog leaderLog = p.leaderLog();
        if (leaderLog == null) {
            return;
        }
        long toOffset = Math.min(leaderLog.endOffset(), fromOffset + 100_000);
        // The response carries the leader's rows (the records the replicas share), as it carried the records: as spans
        // of consecutive rows, a few ints however many records it holds.
        int[] rowSpans = leaderLog.rowRunsBetween(fromOffset, toOffset);
        long hw = p.highWatermark;
        Machine leader = brokers.get(p.replicas[p.leaderIndex]);
        Machine follower = brokers.get(p.replicas[i]);
        send(leader, follower, follower.replicationDelayMs + p.fetchDelayMs, () -> {
            if (p.fetchTokens[i] != token || p.fetchSequences[i] != sequence) {
                return;
            }
            ReplicaLog log = p.logs[i];
            if (log.endOffset() == fromOffset) {
                log.appendRowRuns(rowSpans);
                applyFlushPolicy(p, log);
            }
            log.highWatermark(hw);
            sendFetch(p, i, token);
        });
    }

    private void maybeAdvanceHighWatermark(PartitionState p) {
        // KIP-966 strict min ISR (Partition.maybeIncrementLeaderHW): the high watermark never advances while the ISR
        // is below min(min.insync.replicas, replication factor), so every replica that left the ISR then (the ELR)
        // holds everything below it.
        if (p.leaderIndex < 0 || p.isrSize() < p.effectiveMinIsr()) {
            return;
        }
        long hw = Long.MAX_VALUE;
        for (int i = 0; i < p.replicas.length; i++) {
            if (p.inIsr[i]) {
                hw = Math.min(hw, i == p.leaderIndex ? p.leaderLog().endOffset() : p.followerEndOffsets[i]);
            }
        }
        if (hw == Long.MAX_VALUE || hw <= p.highWatermark) {
            return;
        }
        p.highWatermark = hw;
        p.leaderLog().highWatermark(hw);
        if (p.waiters.isEmpty()) {
            return;
        }
        List<PartitionState.AckWaiter> done = new ArrayList<>();
        long newHw = hw;
        p.waiters.removeIf(w -> {
            if (w.requiredOffset() <= newHw) {
                done.add(w);
                return true;
            }
            return false;
        });
        done.forEach(w -> complete(p, w));
    }

    private void shrinkIsrs() {
        long now = ctx.nowMs();
        for (PartitionState p : allPartitions()) {
            if (p.leaderIndex < 0 || !brokers.get(p.leaderBroker()).reachable()) {
                continue;
            }
            boolean changed = false;
            boolean[] oldIsr = p.inIsr.clone();
            for (int i = 0; i < p.replicas.length; i++) {
                if (i != p.leaderIndex && p.inIsr[i] && now - p.lastCaughtUpMs[i] > lagTimeMaxMs) {
                    p.inIsr[i] = false;
                    changed = true;
                    ctx.trace("isr-shrink", p.name(), "broker-" + (p.replicas[i] + 1) + " fell " + (now - p.lastCaughtUpMs[i])
                            + " ms behind and leaves the ISR of " + p.name() + " (ISR size " + p.isrSize() + ")");
                }
            }
            if (changed) {
                updateElr(p, oldIsr, -1);
                maybeAdvanceHighWatermark(p);
            }
        }
    }

    private void enforceRetention() {
        long now = ctx.nowMs();
        for (PartitionState p : allPartitions()) {
            if (!p.cleanupPolicy.contains("delete")) {
                continue;
            }
            for (int i = 0; i < p.replicas.length; i++) {
                ReplicaLog log = p.logs[i];
                if (!brokers.get(p.replicas[i]).up) {
                    continue;
                }
                long activeSegmentStart = (log.endOffset() / p.segmentRecords) * p.segmentRecords;
                long deleteBefore = log.logStartOffset();
                // Whole closed segments go once their newest record is older than retention.ms.
                for (long segmentStart = deleteBefore; segmentStart + p.segmentRecords <= activeSegmentStart;
                        segmentStart += p.segmentRecords) {
                    long segmentEnd = (segmentStart / p.segmentRecords + 1) * p.segmentRecords;
                    LogRecord newest = log.get(segmentEnd - 1);
                    if (newest == null || now - newest.appendTimeMs <= p.retentionMs) {
                        break;
                    }
                    deleteBefore = segmentEnd;
                }
                if (deleteBefore > log.logStartOffset()) {
                    ctx.trace("retention", p.name(), "broker-" + (p.replicas[i] + 1) + " deletes " + p.name()
                            + " segments before offset " + deleteBefore + " (older than retention.ms)");
                    log.deleteBefore(deleteBefore);
                }
            }
        }
    }

    // ------------------------------------------------------------------ controller

    private void elect(PartitionState p, int newLeaderIndex, boolean unclean) {
        int oldLeader = p.leaderIndex;
        p.leaderIndex = newLeaderIndex;
        p.leaderEpoch++;
        p.elections++;
        List<PartitionState.AckWaiter> orphaned = new ArrayList<>(p.waiters);
        p.waiters.clear();
        if (oldLeader >= 0 && brokers.get(p.replicas[oldLeader]).up) {
            orphaned.forEach(w -> w.onNotLeader().run());
        }
        if (newLeaderIndex < 0) {
            ctx.trace("offline", p.name(), p.name() + " has no eligible leader and goes offline");
            return;
        }
        ReplicaLog log = p.logs[newLeaderIndex];
        if (unclean) {
            p.uncleanElections++;
            Arrays.fill(p.inIsr, false);
            Arrays.fill(p.inElr, false);
            p.inIsr[newLeaderIndex] = true;
        }
        p.lastKnownLeaderIndex = -1;
        for (int i = 0; i < p.replicas.length; i++) {
            p.crashRestartsAtElection[i] = crashRestarts == null ? 0 : crashRestarts[p.replicas[i]];
        }
        log.addEpoch(p.leaderEpoch, log.endOffset());
        p.highWatermark = Math.min(log.highWatermark(), log.endOffset());
        long now = ctx.nowMs();
        for (int i = 0; i < p.replicas.length; i++) {
            p.followerEndOffsets[i] = 0;
            p.lastCaughtUpMs[i] = now;
            p.lastFetchMs[i] = now;
            p.leaderEndAtLastFetch[i] = log.endOffset();
        }
        if (p.elections > 1) {
            ctx.trace(unclean ? "unclean-election" : "election", p.name(), "broker-" + (p.replicas[newLeaderIndex] + 1)
                    + " becomes " + (unclean ? "UNCLEAN " : "") + "leader of " + p.name() + " at epoch " + p.leaderEpoch
                    + " with log end " + log.endOffset());
        }
        maybeAdvanceHighWatermark(p);
        for (int i = 0; i < p.replicas.length; i++) {
            startFetcher(p, i);
        }
    }

    private boolean eligible(PartitionState p, int i) {
        int broker = p.replicas[i];
        return brokers.get(broker).reachable() && !fenced[broker];
    }

    /**
     * With ELR on the ISR may become empty. When it does, the controller remembers the leader of that moment as the
     * last known leader (PartitionChangeBuilder.maybeUpdateLastKnownLeader). The simulated controller never elects an
     * unreachable broker, where Kafka's elects any unfenced one; the ISR member removed last is the one Kafka would
     * have had as leader then, so it stands in when the partition has no leader here.
     */
    private void removeFromIsrWithElr(PartitionState p, int i, int uncleanIndex) {
        boolean[] oldIsr = p.inIsr.clone();
        p.inIsr[i] = false;
        if (oldIsr[i] && p.isrSize() == 0) {
            p.lastKnownLeaderIndex = p.leaderIndex >= 0 ? p.leaderIndex : i;
        }
        updateElr(p, oldIsr, uncleanIndex);
    }

    /**
     * PartitionChangeBuilder.maybePopulateTargetElr: once the ISR is at least min ISR the ELR is cleared; below it, the
     * members the ISR just lost join the ELR, except a replica that restarted uncleanly ({@code uncleanIndex}).
     */
    private void updateElr(PartitionState p, boolean[] oldIsr, int uncleanIndex) {
        if (!p.elrEnabled) {
            return;
        }
        if (p.isrSize() >= p.effectiveMinIsr()) {
            Arrays.fill(p.inElr, false);
            return;
        }
        for (int i = 0; i < p.replicas.length; i++) {
            if (p.inIsr[i] || i == uncleanIndex) {
                p.inElr[i] = false;
            } else if (oldIsr[i]) {
                p.inElr[i] = true;
            }
        }
    }

    /** Whether the broker of replica {@code i} restarted after a crash since the partition's last leader change. */
    private boolean crashedSinceLastElection(PartitionState p, int i) {
        return crashRestarts[p.replicas[i]] > p.crashRestartsAtElection[i];
    }

    /** A broker stopped heartbeating: fence it after the session timeout unless it came back meanwhile. */
    void brokerLost(int broker) {
        ctx.queue.after(ctx.settings.getLong(LogSettings.BROKER_SESSION_TIMEOUT_MS), () -> {
            Machine m = brokers.get(broker);
            if (fenced[broker] || m.reachable()) {
                return;
            }
            fence(broker);
        });
    }

    private void fence(int broker) {
        fenced[broker] = true;
        ctx.trace("fence", "broker-" + (broker + 1), "the controller fences broker-" + (broker + 1)
                + " after broker.session.timeout.ms without heartbeats");
        for (PartitionState p : allPartitions()) {
            int i = p.indexOf(broker);
            if (i < 0) {
                continue;
            }
            if (p.elrEnabled) {
                // With ELR the ISR may become empty; the replicas it loses below min ISR become eligible (KIP-966).
                removeFromIsrWithElr(p, i, -1);
            } else if (p.inIsr[i] && p.isrSize() > 1) {
                // Without ELR the controller never empties the ISR: the last member stays, whatever happens to it.
                p.inIsr[i] = false;
            }
            if (p.leaderIndex == i) {
                electFromSurvivors(p);
            }
        }
    }

    /**
     * The controller's leader choice (PartitionChangeBuilder.electAnyLeader): an ISR member; with ELR on and an empty
     * ISR, an ELR member (which becomes the ISR); then the last known leader; then, only when allowed, any replica.
     */
    private void electFromSurvivors(PartitionState p) {
        for (int i = 0; i < p.replicas.length; i++) {
            if (p.inIsr[i] && eligible(p, i)) {
                if (!p.elrEnabled && p.isrSize() == 1 && crashedSinceLastElection(p, i)) {
                    // The sole ISR member restarted after a crash and is elected with whatever its disk kept: the
                    // "last replica standing" case KIP-966 describes. Counted so forensics can name it.
                    p.lastReplicaStandingElections++;
                    ctx.trace("last-replica-standing", p.name(), "broker-" + (p.replicas[i] + 1) + " restarted after a "
                            + "crash as the only ISR member of " + p.name() + " and is elected with its log end "
                            + p.logs[i].endOffset() + " (eligible.leader.replicas.version=0)");
                }
                elect(p, i, false);
                return;
            }
        }
        if (p.elrEnabled && p.isrSize() == 0) {
            for (int i = 0; i < p.replicas.length; i++) {
                if (p.inElr[i] && eligible(p, i)) {
                    p.inElr[i] = false;
                    p.inIsr[i] = true;
                    ctx.trace("elr-election", p.name(), "broker-" + (p.replicas[i] + 1) + " leads " + p.name()
                            + " from the eligible leader replicas (KIP-966): it left the ISR while the high watermark "
                            + "was frozen below min.insync.replicas, so it holds every committed record");
                    elect(p, i, false);
                    return;
                }
            }
            int last = p.lastKnownLeaderIndex;
            if (p.elrSize() == 0 && last >= 0 && eligible(p, last)) {
                // PartitionChangeBuilder.canElectLastKnownLeader: nothing eligible is left, the last known leader
                // comes back as leader with ISR = itself ("balanced recovery"), as before 4.0 when all were offline.
                p.lastKnownLeaderElections++;
                p.inIsr[last] = true;
                ctx.trace("last-known-leader", p.name(), "no ISR or ELR member left for " + p.name() + ": broker-"
                        + (p.replicas[last] + 1) + ", its last known leader, is elected with log end "
                        + p.logs[last].endOffset());
                elect(p, last, false);
                return;
            }
        }
        if (p.uncleanElectionEnabled) {
            for (int i = 0; i < p.replicas.length; i++) {
                if (eligible(p, i)) {
                    elect(p, i, true);
                    return;
                }
            }
        }
        if (p.leaderIndex >= 0) {
            elect(p, -1, false);
        }
    }

    /** A broker is reachable again (restart or healed network): unfence it and let it lead or follow. */
    void brokerReturned(int broker) {
        fenced[broker] = false;
        for (PartitionState p : allPartitions()) {
            int i = p.indexOf(broker);
            if (i < 0) {
                continue;
            }
            if (p.leaderIndex < 0 || !eligible(p, p.leaderIndex)) {
                if (p.leaderIndex < 0) {
                    electFromSurvivors(p);
                }
            } else if (i != p.leaderIndex) {
                startFetcher(p, i);
            } else {
                // The leader came back before being fenced (short bounce): followers resume fetching.
                for (int k = 0; k < p.replicas.length; k++) {
                    startFetcher(p, k);
                }
            }
        }
    }

    /**
     * Power cut: the broker loses every unflushed record. A broker whose process was already killed loses them too:
     * its page cache outlived the process, not the power.
     */
    public void powerCut(int broker) {
        Machine m = brokers.get(broker);
        if (poweredOff[broker]) {
            return;
        }
        poweredOff[broker] = true;
        for (PartitionState p : allPartitions()) {
            int i = p.indexOf(broker);
            if (i >= 0) {
                long before = p.logs[i].endOffset();
                p.logs[i].losePageCache(ctx.nowMs());
                if (p.logs[i].endOffset() < before) {
                    ctx.trace("page-cache-lost", p.name(), "broker-" + (broker + 1) + " loses " + p.name() + " offsets "
                            + p.logs[i].endOffset() + ".." + (before - 1) + " (never fsynced)");
                }
            }
        }
        if (!m.up) {
            return;
        }
        m.powerOff();
        silenceConnections(broker);
        brokerLost(broker);
    }

    /** kill -9: the process dies, the page cache survives, and the kernel resets the process's connections. */
    public void kill(int broker) {
        Machine m = brokers.get(broker);
        if (!m.up) {
            return;
        }
        m.powerOff();
        resetConnections(broker);
        brokerLost(broker);
    }

    public void restart(int broker) {
        Machine m = brokers.get(broker);
        if (m.up) {
            return;
        }
        poweredOff[broker] = false;
        m.powerOn();
        crashRestarts[broker]++;
        resetSilencedConnections(broker);
        if (!fenced[broker]) {
            // A restarted broker registers anew; the controller first moves leadership off its old incarnation.
            fence(broker);
        }
        // Every crash here is an unclean shutdown (no clean-shutdown file): with ELR on, the registration with a new
        // broker epoch makes the controller drop the broker from every ISR and ELR
        // (ReplicationControlManager.handleBrokerUncleanShutdown, KAFKA-15586), so it cannot lead with a short log.
        for (PartitionState p : allPartitions()) {
            int i = p.indexOf(broker);
            if (i >= 0 && p.elrEnabled && (p.inElr[i] || p.inIsr[i])) {
                p.inElr[i] = false;
                removeFromIsrWithElr(p, i, i);
            }
        }
        brokerReturned(broker);
    }

    public void isolate(int broker, boolean isolated) {
        Machine m = brokers.get(broker);
        if (m.isolated == isolated) {
            return;
        }
        m.isolated = isolated;
        if (isolated) {
            brokerLost(broker);
        } else {
            releaseHeld(broker);
            if (m.up) {
                brokerReturned(broker);
            }
        }
    }
}
