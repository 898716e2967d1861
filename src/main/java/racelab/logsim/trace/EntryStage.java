package racelab.logsim.trace;

/**
 * The furthest point a journal entry has reached at one step, in pipeline order; a chip shows it. An entry can go
 * back (a power cut takes it out of every page cache), so the stage is read at each step, never accumulated.
 */
public enum EntryStage {
    /** Not yet submitted by the client. */
    NOT_SENT("not sent"),
    /** In the client producer's buffer (accumulator or in flight), on no broker. */
    PRODUCER_BUFFER("producer buffer"),
    /** Sent before, and now on no replica and in no buffer: the record was lost (it may be sent again). */
    GONE("gone"),
    /** Appended at the journal leader, in its page cache only. */
    LEADER_PAGE_CACHE("leader page cache"),
    /** On the disk of at least one replica. */
    ON_DISK("on disk"),
    /** Below the journal partition's high watermark: every ISR member has it. */
    BELOW_HIGH_WATERMARK("below high watermark"),
    /** Its effect is in a running task's store. */
    APPLIED_TO_STORE("applied to store"),
    /** Its effect is in the changelog, below the high watermark (and committed under exactly-once). */
    IN_CHANGELOG("in changelog"),
    /** The journal offset past it is committed. */
    OFFSET_COMMITTED("offset committed");

    private final String label;

    EntryStage(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
