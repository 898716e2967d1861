package racelab.scenario;

/**
 * A scene file that cannot be used, with the place it went wrong.
 *
 * <p>{@link #getMessage()} is always {@code file:line:column: what was expected} on one line, ready to show to a user
 * as is: control characters in the problem (a newline inside a quoted value) are shown as {@code ?} and a problem
 * longer than {@link #PROBLEM_LENGTH_MAX} characters is cut.
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
        super(file + ":" + line + ":" + column + ": " + oneLine(problem));
        this.file = file;
        this.line = line;
        this.column = column;
        this.problem = oneLine(problem);
    }

    /** Longest problem text kept in a message. */
    public static final int PROBLEM_LENGTH_MAX = 400;

    private static String oneLine(String problem) {
        String text = problem.replaceAll("\\p{Cntrl}|[\\u0085\\u2028\\u2029]", "?");
        return text.length() <= PROBLEM_LENGTH_MAX ? text : text.substring(0, PROBLEM_LENGTH_MAX - 3) + "...";
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
