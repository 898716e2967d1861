package racelab.logsim.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.protocol.Errors;
import racelab.logsim.client.GroupCoordinator;
import racelab.logsim.client.OffsetStore;
import racelab.logsim.client.SendListener;
import racelab.logsim.client.SimProducer;
import racelab.logsim.cluster.Machine;
import racelab.logsim.cluster.PartitionState;
import racelab.logsim.config.LogSettings;
import racelab.logsim.model.LogRecord;

/**
 * One instance of the ledger application on one machine, with one stream thread. It polls, processes, and commits
 * in Kafka Streams' order: flush the record cache, {@code producer.flush()}, then commit offsets (at-least-once) or
 * commit the transaction with the offsets in it (exactly_once_v2), then checkpoint (at-least-once only). The
 * hand-made design instead auto-commits offsets on poll without flushing its producer when
 * {@code enable.auto.commit=true}. Its state directories live on the machine's disk and survive restarts.
 */
public final class AppInstance implements GroupCoordinator.Member {

    final String id;
    final Machine machine;
    final AppServices services;
    final boolean lineage;
    private final Map<Integer, LocalTaskState> disk = new TreeMap<>();
    private final Map<Integer, StreamTask> tasks = new TreeMap<>();
    private SimProducer producer;
    private SimProducer commitProducer;
    private int generation;
    private boolean committing;
    private long lastCommitMs;
    private boolean sendFailed;
    private boolean transactionsInitialized;

    public AppInstance(Machine machine, AppServices services) {
        this.id = machine.id;
        this.machine = machine;
        this.services = services;
        this.lineage = services.ctx().settings.getBool("sim.lineage");
    }

    @Override
    public String memberId() {
        return id;
    }

    public Machine machine() {
        return machine;
    }

    @Override
    public boolean hasLocalState(int task) {
        LocalTaskState local = disk.get(task);
        return local != null && !local.isEmpty();
    }

    LocalTaskState disk(int task) {
        return disk.computeIfAbsent(task, t -> new LocalTaskState());
    }

    /** Boots the process: new producers, join the group, start the heartbeat and poll loops. */
    public void start() {
        LogSettings s = services.ctx().settings;
        boolean eos = s.isExactlyOnce();
        int recordsPerBatch = (int) Math.max(1, s.getLong(ProducerConfig.BATCH_SIZE_CONFIG) / s.getLong("sim.record.bytes"));
        SimProducer.Config config = new SimProducer.Config(s.acks(), s.idempotenceEffective(), eos,
                s.getLong(ProducerConfig.LINGER_MS_CONFIG), recordsPerBatch,
                (int) s.getLong(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION), s.getLong(ProducerConfig.RETRIES_CONFIG),
                eos ? Integer.MAX_VALUE : s.getLong(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG),
                s.getLong(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG), s.getLong(ProducerConfig.RETRY_BACKOFF_MS_CONFIG));
        producer = newProducer(config);
        transactionsInitialized = false;
        SimProducer.Config commitConfig = new SimProducer.Config(-1, false, false, 0, 1000, 5, Integer.MAX_VALUE,
                s.getLong(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG), s.getLong(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG),
                s.getLong(ProducerConfig.RETRY_BACKOFF_MS_CONFIG));
        commitProducer = new SimProducer(services.ctx(), services.cluster(), machine, commitConfig, new SendListener() {
            @Override
            public void acked(PartitionState partition, LogRecord record, long offset) {
            }

            @Override
            public void failed(PartitionState partition, LogRecord record, Errors error) {
            }
        }, services.txns());
        commitProducer.keepOrderOnRetry();
        tasks.clear();
        committing = false;
        sendFailed = false;
        lastCommitMs = services.ctx().nowMs();
        services.group().join(this);
        long heartbeatMs = s.getLong(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG);
        loop(heartbeatMs, () -> services.group().heartbeat(id));
        loop(s.getLong("sim.poll.interval.ms"), this::poll);
    }

    private SimProducer newProducer(SimProducer.Config config) {
        return new SimProducer(services.ctx(), services.cluster(), machine, config, new SendListener() {
            @Override
            public void acked(PartitionState partition, LogRecord record, long offset) {
                StreamTask task = tasks.get(partition.topicPartition.partition());
                if (task != null && partition.role.equals("changelog") && offset >= 0) {
                    task.changelogAcked(offset);
                }
            }

            @Override
            public void failed(PartitionState partition, LogRecord record, Errors error) {
                sendFailed = true;
            }
        }, services.txns());
    }

    /**
     * Under exactly_once_v2 a fenced or failed producer is closed and replaced (Streams' resetProducer), so the new
     * one starts with a fresh producer id and epoch. At-least-once keeps its thread producer, with whatever it holds.
     */
    private void resetProducerIfTransactional() {
        if (services.ctx().settings.isExactlyOnce()) {
            SimProducer.Config config = producer.config();
            producer.close();
            producer = newProducer(config);
            transactionsInitialized = false;
        }
    }

    /**
     * Under exactly_once_v2, whether this instance's producer has completed initTransactions for its transactional.id
     * (one stream thread: "ledger-app-" + instance id, stable across restarts as Streams' persisted process id makes
     * it); tasks initialize only then. Always true under at-least-once.
     */
    boolean transactionsReady() {
        if (!services.ctx().settings.isExactlyOnce() || transactionsInitialized) {
            return true;
        }
        transactionsInitialized = services.txns().initTransactions(producer, OffsetStore.GROUP_ID + "-" + id);
        return transactionsInitialized;
    }

    private void loop(long periodMs, Runnable action) {
        services.ctx().queue.after(periodMs, machine.guard(new Runnable() {
            @Override
            public void run() {
                action.run();
                services.ctx().queue.after(periodMs, machine.guard(this));
            }
        }));
    }

    void later(long delayMs, Runnable action) {
        services.ctx().queue.after(delayMs, machine.guard(action));
    }

    @Override
    public void assign(int newGeneration, List<Integer> assigned) {
        later(services.ctx().settings.getLong("sim.network.delay.ms"), () -> onAssignment(newGeneration, assigned));
    }

    private void onAssignment(int newGeneration, List<Integer> assigned) {
        if (newGeneration < generation) {
            return;
        }
        generation = newGeneration;
        if (services.ctx().settings.isHandMade()) {
            // ConsumerCoordinator.onJoinComplete: "Reschedule the auto commit starting from now".
            lastCommitMs = services.ctx().nowMs();
        }
        for (Integer task : new ArrayList<>(tasks.keySet())) {
            if (!assigned.contains(task)) {
                closeDirty(task, "revoked");
            }
        }
        for (Integer task : assigned) {
            if (!tasks.containsKey(task)) {
                StreamTask created = new StreamTask(this, task);
                tasks.put(task, created);
                created.initialize();
            }
        }
    }

    private void closeDirty(int task, String why) {
        StreamTask closed = tasks.remove(task);
        if (closed != null) {
            closed.close();
            services.ctx().trace("task-closed", "task-" + task, id + " closes task " + task + " dirty: " + why);
        }
    }

    private void loseAllTasks(String why) {
        for (Integer task : new ArrayList<>(tasks.keySet())) {
            closeDirty(task, why);
        }
        if (producer.currentTxnId() >= 0) {
            producer.abortTransaction();
        }
        resetProducerIfTransactional();
        committing = false;
    }

    LogRecord send(PartitionState partition, String key, Object value, byte writtenBy) {
        return producer.send(partition, key, value, id, generation, writtenBy);
    }

    private void poll() {
        if (!services.group().isMember(id)) {
            // The heartbeat tells a paused-then-resumed member it was kicked out: its tasks are lost, it rejoins.
            services.ctx().trace("zombie-detects", id, id + " learns it left the group while it was unresponsive");
            loseAllTasks("lost (member left the group)");
            services.group().join(this);
            return;
        }
        if (sendFailed) {
            sendFailed = false;
            loseAllTasks("a changelog/output send failed (default production exception handler: FAIL)");
            services.group().join(this);
            return;
        }
        if (committing) {
            return;
        }
        LogSettings s = services.ctx().settings;
        long now = services.ctx().nowMs();
        boolean autoCommit = s.isHandMade() && s.getBool(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG);
        if (autoCommit && now - lastCommitMs >= s.getLong(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG)) {
            // KafkaConsumer.poll (ClassicKafkaConsumer) calls updateAssignmentMetadataIfNeeded, whose
            // ConsumerCoordinator.poll ends in maybeAutoCommitOffsetsAsync, *before* pollForFetches: the commit
            // carries the positions of the records earlier polls returned (SubscriptionState.allConsumed), which a
            // poll-process loop has processed and handed to its producer, not those this poll returns.
            lastCommitMs = now;
            autoCommit();
        }
        int budget = (int) s.getLong(ConsumerConfig.MAX_POLL_RECORDS_CONFIG);
        for (StreamTask task : tasks.values()) {
            budget -= task.process(budget);
        }
        if (!autoCommit && now - lastCommitMs >= s.getLong(LogSettings.COMMIT_INTERVAL_MS)) {
            lastCommitMs = now;
            commit();
        }
    }

    /** Plain consumer auto-commit: positions go out on poll, whatever the producer still holds. */
    private void autoCommit() {
        for (StreamTask task : tasks.values()) {
            if (task.state == StreamTask.State.RUNNING) {
                commitOffset(commitProducer, task);
            }
        }
    }

    private void commitOffset(SimProducer via, StreamTask task) {
        LogRecord record = via.send(services.offsets().partition(), OffsetStore.key(task.input.topicPartition),
                new OffsetAndMetadata(task.position, task.positionEpoch(), "generation " + generation), id, generation,
                LogRecord.BY_PUT);
        services.provenance().offsetCommitSent(record);
    }

    private void commit() {
        List<StreamTask> running = new ArrayList<>();
        for (StreamTask task : tasks.values()) {
            if (task.state == StreamTask.State.RUNNING) {
                running.add(task);
            }
        }
        if (running.isEmpty()) {
            return;
        }
        committing = true;
        running.forEach(StreamTask::flushCache);
        if (services.ctx().settings.isExactlyOnce()) {
            for (StreamTask task : running) {
                if (!services.group().owns(id, task.task)) {
                    services.ctx().trace("fenced", id, id + ": sendOffsetsToTransaction is fenced (stale generation); "
                            + "the transaction aborts");
                    loseAllTasks("fenced at commit (exactly_once_v2)");
                    return;
                }
                commitOffset(producer, task);
            }
            SimProducer committingProducer = producer;
            producer.commitTransaction(ok -> {
                committing = false;
                if (!ok && committingProducer.hasAbortableError()) {
                    // RecordCollectorImpl.recordSendError: OutOfOrderSequenceException → TaskMigratedException. The
                    // transaction is aborted, tasks close dirty, the producer is replaced and the tasks restore.
                    sendFailed = false;
                    services.ctx().trace("txn-aborted", id, id + ": a send inside the transaction failed, so "
                            + "commitTransaction throws; the transaction is aborted and nothing is committed");
                    loseAllTasks("send failed inside the transaction (TaskMigratedException)");
                    services.group().join(this);
                } else if (!ok) {
                    // ProducerFencedException → TaskMigratedException: tasks are lost and the thread rejoins the group.
                    services.ctx().trace("fenced", id, id + ": commitTransaction fails, the coordinator had aborted it");
                    loseAllTasks("transaction fenced");
                    services.group().join(this);
                }
            });
            return;
        }
        producer.flush(() -> {
            if (sendFailed) {
                // RecordCollectorImpl.flush → checkForException: the send error is rethrown here, before any offset
                // is committed. With the default production exception handler the task is closed dirty, nothing is
                // committed, and the task is revived: it restores and reprocesses from the last committed offset.
                sendFailed = false;
                services.ctx().trace("commit-skipped", id, id + ": a changelog/output send failed, so the commit "
                        + "throws at flush and commits no offset (RecordCollectorImpl.checkForException)");
                loseAllTasks("a changelog/output send failed (rethrown at flush, nothing committed)");
                services.group().join(this);
                return;
            }
            for (StreamTask task : running) {
                if (!services.group().owns(id, task.task)) {
                    services.ctx().trace("commit-failed", id, id + ": CommitFailedException, task " + task.task
                            + " now belongs to another member");
                    loseAllTasks("CommitFailedException (task migrated)");
                    return;
                }
                commitOffset(commitProducer, task);
            }
            commitProducer.flush(() -> {
                committing = false;
                running.forEach(StreamTask::maybeCheckpoint);
            });
        });
    }

    // ------------------------------------------------------------------ faults

    /**
     * Power cut or kill: memory is gone (store, cache, accumulator); the state directory stays on disk. The process's
     * producers die with it: closed, they send nothing they held and no later event wakes them. A restart builds new
     * ones ({@link #start()}). Before, a dead producer stayed live in memory, and a broker that reset one of its old
     * connections woke it: it re-sent a transaction the restarted instance's initTransactions had aborted without
     * markers, and that transaction stayed open for good (log-safety seeds 4410, 4485 and 7159).
     */
    public void crash() {
        for (StreamTask task : tasks.values()) {
            task.close();
        }
        tasks.clear();
        if (producer != null) {
            producer.close();
        }
        if (commitProducer != null) {
            commitProducer.close();
        }
    }

    /** Snapshot data for the UI. */
    public List<Object[]> taskViews() {
        List<Object[]> views = new ArrayList<>();
        for (StreamTask task : tasks.values()) {
            views.add(new Object[] {task.task, task.state.name(), task.position, task.store.size(),
                task.cache == null ? 0 : task.cache.size(), task.changelogAckedEnd});
        }
        return views;
    }

    /** The tasks this instance runs now (tests check their stores). */
    java.util.Collection<StreamTask> tasks() {
        return tasks.values();
    }

    /** The process's producers right now: the stream thread's and the offset-commit one (for tests). */
    List<SimProducer> producers() {
        return List.of(producer, commitProducer);
    }

    public Map<Integer, LocalTaskState> disk() {
        return disk;
    }

    public int unacknowledgedRecords() {
        return producer == null || !machine.isUp() ? 0 : producer.unacknowledged().size();
    }

    /** The live store of a task this instance runs, or null. */
    public Map<String, racelab.logsim.model.StoreValue> liveStore(int task) {
        StreamTask t = tasks.get(task);
        return t == null ? null : t.store;
    }
}
