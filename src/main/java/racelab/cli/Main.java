package racelab.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entry point of {@code ledger-lab.jar}: with no arguments it opens the desktop app, with a subcommand it runs
 * headless.
 *
 * <p>This class deliberately does not extend {@code javafx.application.Application}: launching JavaFX from a
 * plain main class is what lets the shaded jar start from the class path without a module path.
 */
public final class Main {

    private Main() {
    }

    /** Known subcommands, in the order the usage text lists them. */
    static Map<String, Command> commands() {
        Map<String, Command> commands = new LinkedHashMap<>();
        commands.put("run", new RunCommand());
        commands.put("bench-replay", new BenchReplayCommand());
        commands.put("log", new LogCommand());
        commands.put("isolate", new IsolateCommand());
        commands.put("log-safety", new LogSafetyCommand());
        commands.put("log-bench", new LogBenchCommand());
        commands.put("bench", new racelab.bench.BenchCommand(racelab.ledger.LedgerBenchTargets.catalog()));
        commands.put("snapshot", new racelab.ui.snapshot.SnapshotCommand());
        commands.put("bench-ui", new racelab.ui.bench.ReplayBenchCommand());
        commands.put("compare", new CompareCommand());
        commands.put("explore", new ExploreCommand(false));
        commands.put("explore-all", new ExploreCommand(true));
        commands.put("explore-bench", new ExploreBenchCommand());
        commands.put("shrink", new ShrinkCommand());
        return commands;
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            racelab.ui.AppLauncher.launch(args);
            return;
        }
        int exitCode = run(args, System.out, System.err);
        System.exit(exitCode);
    }

    /** Runs one subcommand and returns its exit code; never throws, so scripts always get a clean message. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, Command> commands = commands();
        String name = args[0];
        if (name.equals("--help") || name.equals("-h") || name.equals("help")) {
            out.print(usage(commands));
            return 0;
        }
        Command command = commands.get(name);
        if (command == null) {
            err.println("ledger-lab: unknown command '" + name + "'");
            err.print(usage(commands));
            return 2;
        }
        try {
            return command.run(Arrays.copyOfRange(args, 1, args.length), out, err);
        } catch (UsageException e) {
            err.println("ledger-lab " + name + ": " + e.getMessage());
            return 2;
        }
    }

    static String usage(Map<String, Command> commands) {
        StringBuilder text = new StringBuilder("usage: java -jar ledger-lab.jar [COMMAND ARGS...]\n");
        text.append("  (no command)  open the desktop app\n");
        commands.forEach((name, command) -> text.append(String.format("  %-12s %s%n", name, command.summary())));
        return text.toString();
    }
}
