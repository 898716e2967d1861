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
     * results. Conservative: only steps that share nothing, or only snapshot reads, commute.
     */
    public boolean conflictsWith(StepFootprint other) {
        if (access == Access.NONE || other.access == Access.NONE) {
            return false;
        }
        if (access == Access.UNKNOWN || other.access == Access.UNKNOWN) {
            return true;
        }
        if (access == Access.SNAPSHOT_READ && other.access == Access.SNAPSHOT_READ) {
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
