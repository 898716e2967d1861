package racelab.cli;

import java.io.PrintStream;

/** One headless subcommand of the jar. */
public interface Command {

    /** One line for the usage text. */
    String summary();

    /**
     * Runs the command.
     *
     * @return the process exit code: 0 on success, 2 on bad input, 1 when the run itself failed
     * @throws UsageException for bad flags or input; the caller prints its message and exits with 2
     */
    int run(String[] args, PrintStream out, PrintStream err) throws UsageException;
}
