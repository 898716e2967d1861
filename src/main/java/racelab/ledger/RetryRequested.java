package racelab.ledger;

/** A compare-and-set lost the race; the lane rolls back and, if attempts are left, runs the transaction again. */
final class RetryRequested extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RetryRequested(String reason) {
        super(reason, null, false, false);
    }
}
