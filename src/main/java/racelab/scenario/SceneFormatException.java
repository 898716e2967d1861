package racelab.scenario;

/**
 * A scene file that cannot be used, with the place it went wrong.
 *
 * <p>{@link #getMessage()} is always {@code file:line:column: what was expected}, ready to show to a user as is.
 */
public final class SceneFormatException extends Exception {

    private final String file;
    private final int line;
    private final int column;
    private final String problem;

    /**
     * @param line 1-based line
     * @param column 1-based column
     */
    public SceneFormatException(String file, int line, int column, String problem) {
        super(file + ":" + line + ":" + column + ": " + problem);
        this.file = file;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The message without the location prefix. */
    public String problem() {
        return problem;
    }
}
