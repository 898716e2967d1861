package racelab.cli;

/**
 * Bad command-line input or a broken input file; its message is shown to the user as is, without a stack trace,
 * and the command exits with 2.
 */
public final class UsageException extends Exception {

    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
