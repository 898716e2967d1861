package racelab.ledger;

/** The application's own check refused the transfer; the lane rolls back and ends as DECLINED. */
final class Declined extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Declined(String reason) {
        super(reason, null, false, false);
    }
}
