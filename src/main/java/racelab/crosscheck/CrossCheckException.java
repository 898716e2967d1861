package racelab.crosscheck;

/** A real run could not be carried out (Kafka did not start, a child died, a bounded wait ran out, cancelled). */
public class CrossCheckException extends Exception {

    private static final long serialVersionUID = 1L;

    public CrossCheckException(String message) {
        super(message);
    }

    public CrossCheckException(String message, Throwable cause) {
        super(message, cause);
    }
}
