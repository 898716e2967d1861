package racelab.logsim.trace;

/**
 * What happened in one {@link StepEvent}. Each kind is observed on the simulator's own state (a record appearing in
 * a replica's log, a flushed offset moving, a task's position moving), never re-enacted by a second model.
 */
public enum StepKind {
    /** A producer puts a record into its accumulator (the client's journal send, a task's changelog/applied send, an offset commit). */
    SEND("send"),
    /** The producer hears the broker's acknowledgement of a record. */
    ACK("ack"),
    /** The partition leader appends records to its log: they are in its page cache, not yet on disk. */
    LEADER_APPEND("leader append"),
    /** A follower appends records it fetched from the leader (in its page cache). */
    FOLLOWER_FETCH("follower fetch"),
    /** Records reach a replica's disk: an fsync by the flush policy ({@code flush.messages}, {@code flush.ms}). */
    FLUSH("flush (fsync)"),
    /** Records reach a replica's disk because the OS wrote dirty pages back (no fsync by Kafka). */
    WRITEBACK("OS writeback"),
    /** The leader's high watermark passes records: every ISR member has them, consumers may read them. */
    HW_ADVANCE("high watermark"),
    /** A stream task reads input records (its position moves past them). */
    POLL("consumer poll"),
    /** A stream task puts new balances into its local store. */
    STORE_PUT("store put"),
    /** The committed input offset of a journal partition moves past records (readable from __consumer_offsets). */
    OFFSET_COMMIT("offset committed"),
    /** A COMMIT or ABORT transaction marker is appended at a partition leader. */
    TXN_MARKER("transaction marker"),
    /** A task writes its local checkpoint file (at-least-once). */
    CHECKPOINT("checkpoint"),
    /** A fault the scene (or log-explore) injects: power cut, kill, pause, isolate, slow link, leader bounce. */
    FAULT("fault"),
    /** A machine that was cut or killed starts again (or a paused one resumes). */
    RESTART("restart"),
    /** The controller elects a partition leader (clean, unclean, ELR, last known leader) or takes it offline. */
    ELECTION("leader election"),
    /** Records disappear from a replica: power loss of its page cache, or truncation to the leader's epoch. */
    TRUNCATION("records lost"),
    /** A task restores its store from the changelog before processing. */
    RESTORE("restore read"),
    /** Any other notable moment of the simulator's trace (ISR change, fencing, retries, resets). */
    NOTE("note");

    private final String label;

    StepKind(String label) {
        this.label = label;
    }

    /** A short lower-case label for a card or a column. */
    public String label() {
        return label;
    }
}
