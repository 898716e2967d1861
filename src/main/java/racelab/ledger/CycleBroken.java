package racelab.ledger;

/** Thrown in a lane the engine chose as the victim of a wait cycle, before it sends another statement. */
final class CycleBroken extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CycleBroken(String reason) {
        super(reason, null, false, false);
    }
}
