package racelab.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.CharBuffer;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How every command of the jar reports problems, applied once to the whole command tree by {@link Main}.
 *
 * <ul>
 *   <li>Bad input (a picocli parameter error, or a {@link UsageException} from a command, such as a scene file's
 *       {@code file:line:column: ...}) is one line on stderr, {@code ledger-lab COMMAND: message}, and exit code 2;
 *       a scene file's error is its {@code file:line:column: message} alone. Parameter errors add picocli's "did you
 *       mean" suggestions and a pointer to {@code --help}; file errors do not, their location is the whole message.</li>
 *   <li>A failure inside a run that is not the user's input is exit code 1 with its stack trace.</li>
 *   <li>Whole numbers and numbers are converted here for every command, so every bad number reads the same:
 *       {@code --runs expects a whole number, found 'zero'}.</li>
 * </ul>
 */
public final class CliConventions {

    /** Exit code for bad input, as before picocli and as picocli's own default. */
    static final int BAD_INPUT = 2;

    private CliConventions() {
    }

    /** Wires streams, error handling and number converters into {@code cli} and all its subcommands. */
    public static CommandLine apply(CommandLine cli, PrintStream out, PrintStream err) {
        cli.setOut(writer(out));
        cli.setErr(writer(err));
        cli.setParameterExceptionHandler(CliConventions::badParameters);
        cli.setExecutionExceptionHandler((e, failed, parseResult) -> {
            PrintWriter errors = failed.getErr();
            if (e instanceof UsageException) {
                // A scene file's error is already file:line:column: message, the form editors and CI jump to.
                errors.println(e.getCause() instanceof racelab.scenario.SceneFormatException ? e.getMessage()
                        : failed.getCommandSpec().qualifiedName() + ": " + e.getMessage());
                errors.flush();
                return BAD_INPUT;
            }
            errors.println(failed.getCommandSpec().qualifiedName() + ": the run failed: " + e);
            e.printStackTrace(errors);
            errors.flush();
            return 1;
        });
        cli.registerConverter(Integer.class, text -> (int) wholeNumber(text, Integer.MIN_VALUE, Integer.MAX_VALUE));
        cli.registerConverter(Integer.TYPE, text -> (int) wholeNumber(text, Integer.MIN_VALUE, Integer.MAX_VALUE));
        cli.registerConverter(Long.class, text -> wholeNumber(text, Long.MIN_VALUE, Long.MAX_VALUE));
        cli.registerConverter(Long.TYPE, text -> wholeNumber(text, Long.MIN_VALUE, Long.MAX_VALUE));
        cli.registerConverter(Double.class, CliConventions::number);
        cli.registerConverter(Double.TYPE, CliConventions::number);
        return cli;
    }

    /** A whole number; underscores may group digits ({@code 1_000_000}). */
    static long wholeNumber(String text, long min, long max) {
        try {
            long value = Long.parseLong(text.replace("_", ""));
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new TypeConversionException("expects a whole number, found '" + text + "'");
        }
    }

    static double number(String text) {
        try {
            double value = Double.parseDouble(text);
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new TypeConversionException("expects a number, found '" + text + "'");
        }
    }

    private static int badParameters(ParameterException e, String[] args) {
        CommandLine failed = e.getCommandLine();
        PrintWriter err = failed.getErr();
        String name = failed.getCommandSpec().qualifiedName();
        err.println(name + ": " + describe(e));
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("see '" + name + " --help'");
        err.flush();
        return BAD_INPUT;
    }

    /** One sentence for a parameter error, in the words the commands used before picocli. */
    static String describe(ParameterException e) {
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String first = unmatched.getUnmatched().get(0);
            boolean root = e.getCommandLine().getParent() == null;
            if (root && !first.startsWith("-")) {
                return "unknown command '" + first + "'";
            }
            return first.startsWith("-") ? "unknown option " + first : "unexpected argument '" + first + "'";
        }
        List<String> unmatchedWords = e.getCommandLine().getUnmatchedArguments();
        if (e instanceof MissingParameterException && !unmatchedWords.isEmpty()) {
            // picocli checks required parameters before it reports unknown words; the unknown word is the real mistake.
            String first = unmatchedWords.get(0);
            return first.startsWith("-") ? "unknown option " + first : "unexpected argument '" + first + "'";
        }
        if (e instanceof MissingParameterException missing && missing.getMissing().stream().anyMatch(a -> a.group() != null)) {
            return e.getMessage().replaceFirst("^Error: ", "").replaceFirst("^M", "m");
        }
        if (e instanceof MissingParameterException missing) {
            return missing.getMissing().stream().map(CliConventions::missing).collect(Collectors.joining("; "));
        }
        if (e.getCause() instanceof TypeConversionException conversion && e.getArgSpec() != null) {
            String what = label(e.getArgSpec());
            String message = conversion.getMessage();
            return message.startsWith("expect") ? what + " " + message : what + ": " + message;
        }
        return e.getMessage().replaceFirst("^Error: ", "");
    }

    private static String missing(ArgSpec arg) {
        if (arg instanceof PositionalParamSpec positional) {
            String[] description = positional.description();
            if (description.length == 0) {
                return "missing " + positional.paramLabel();
            }
            String what = description[0].replaceAll("\\.$", "");
            return "missing " + positional.paramLabel() + ": " + Character.toLowerCase(what.charAt(0))
                    + what.substring(1);
        }
        OptionSpec option = (OptionSpec) arg;
        return "missing " + option.longestName() + " " + option.paramLabel();
    }

    private static String label(ArgSpec arg) {
        return arg instanceof OptionSpec option ? option.longestName() : arg.paramLabel();
    }

    /** A writer onto a print stream that keeps the stream's own encoding (tests capture UTF-8). */
    private static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(new Writer() {
            @Override
            public void write(char[] buffer, int offset, int length) {
                stream.append(CharBuffer.wrap(buffer, offset, length));
            }

            @Override
            public void flush() {
                stream.flush();
            }

            @Override
            public void close() {
                stream.flush();
            }
        }, true);
    }
}
