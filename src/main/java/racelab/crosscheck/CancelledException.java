package racelab.crosscheck;

/** The user cancelled a cross-check; every child JVM was stopped before this was thrown. */
public final class CancelledException extends CrossCheckException {

    private static final long serialVersionUID = 1L;

    public CancelledException() {
        super("cross-check cancelled");
    }
}
