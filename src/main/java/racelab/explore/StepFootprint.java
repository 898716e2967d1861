package racelab.explore;

import java.util.Set;

/**
 * What one step touches: an access kind and the resources (account ids, or names of application locks) involved.
 *
 * @param accounts resources the step reads, locks, writes or releases; ignored for {@link Access#NONE} and
 *     {@link Access#UNKNOWN}
 */
public record StepFootprint(Access access, Set<String> accounts) {

    /** A step that touches nothing shared. */
    public static final StepFootprint NONE = new StepFootprint(Access.NONE, Set.of());

    /** A step about which nothing is known; it conflicts with everything. */
    public static final StepFootprint UNKNOWN = new StepFootprint(Access.UNKNOWN, Set.of());

    public StepFootprint {
        accounts = Set.copyOf(accounts);
    }

    public static StepFootprint of(Access access, Set<String> accounts) {
        return new StepFootprint(access, accounts);
    }

    /**
     * Whether running this step and {@code other} (a step of another lane) in either order can give different
     * results.
     *
     * <p>A snapshot read commutes with every other kind but {@link Access#END}: under multiversion concurrency it
     * takes no lock, does not wait for row locks, and never sees another transaction's uncommitted writes or locks,
     * so only a commit (or rollback) changes what it returns. Locking reads, writes and ends on a shared resource
     * conflict with each other (they wait on, or release, row locks). Unknown steps conflict with everything.
     */
    public boolean conflictsWith(StepFootprint other) {
        if (access == Access.NONE || other.access == Access.NONE) {
            return false;
        }
        if (access == Access.UNKNOWN || other.access == Access.UNKNOWN) {
            return true;
        }
        boolean snapshotRead = access == Access.SNAPSHOT_READ || other.access == Access.SNAPSHOT_READ;
        if (snapshotRead && access != Access.END && other.access != Access.END) {
            return false;
        }
        for (String account : accounts) {
            if (other.accounts.contains(account)) {
                return true;
            }
        }
        return false;
    }
}
