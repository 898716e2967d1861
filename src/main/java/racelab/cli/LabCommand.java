package racelab.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of every headless subcommand. Picocli fills the subclass's {@code @Option} and {@code @Parameters} fields,
 * then {@link #call()} hands the command the streams of its {@code CommandLine}, so tests can capture them.
 *
 * <p>Exit codes: {@link #run} returns 0 on success and 1 when the run itself failed; bad input is a
 * {@link UsageException} (or a picocli parameter error), which {@link CliConventions} prints as one line and
 * turns into exit code 2.
 */
public abstract class LabCommand implements Callable<Integer> {

    /** Injected by picocli: this command's model (its name, its {@code CommandLine}, its streams). */
    @Spec
    protected CommandSpec spec;

    @Override
    public final Integer call() throws UsageException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * Runs the command with its options already parsed into fields.
     *
     * @return the process exit code: 0 on success, 1 when the run itself failed
     * @throws UsageException for input the options could not check alone (a scene file, a combination of flags)
     */
    protected abstract int run(PrintWriter out, PrintWriter err) throws UsageException;
}
