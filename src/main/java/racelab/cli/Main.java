package racelab.cli;

import java.io.PrintStream;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * Entry point of {@code ledger-lab.jar} and of the app image's launcher: with no arguments it opens the desktop app,
 * with a subcommand it runs headless.
 *
 * <p>This class deliberately does not extend {@code javafx.application.Application}: it must load without JavaFX,
 * because {@code java -jar ledger-lab.jar} first runs it on a class path that has no JavaFX and {@link JavaFxLayer}
 * then starts it again with JavaFX as named modules.
 *
 * <p>To add a command: write a {@link LabCommand} subclass annotated with {@code @Command(name = ..., description
 * = ...)}, and add it in {@link #commandLine}. See {@code package-info.java} of this package.
 */
public final class Main {

    private Main() {
    }

    /** The root command: only its help, version and the shared settings inherited by every subcommand. */
    @Command(name = "ledger-lab", mixinStandardHelpOptions = true, versionProvider = LabVersion.class,
            scope = ScopeType.INHERIT, showDefaultValues = true, sortOptions = false,
            usageHelpAutoWidth = true,
            description = {"Ledger Race Lab: check-then-act races on a SQL ledger (real H2) and lost changelog writes "
                    + "in a Kafka Streams ledger (simulated).",
                "With no command it opens the desktop app. A SCENE is a path or the id of a file in ./scenes.",
                "Bad input prints 'file:line:column: message' (or one line about the option) on stderr and exits 2."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:success", "1:the run itself failed", "2:bad input (options, scene file)"},
            commandListHeading = "%nCommands:%n")
    static final class LedgerLab implements Runnable {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            // Options only, no command (e.g. an empty string argument): show what there is.
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }

    /** Every subcommand, in the order {@code --help} lists them. Register new commands here. */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new LedgerLab());
        // Question 1: races on H2
        cli.addSubcommand(new RunCommand());
        cli.addSubcommand(new CompareCommand());
        cli.addSubcommand(new ExploreCommand());
        cli.addSubcommand(new ExploreAllCommand());
        cli.addSubcommand(new racelab.bench.BenchCommand(racelab.ledger.LedgerBenchTargets::catalog));
        cli.addSubcommand(new BenchReplayCommand());
        cli.addSubcommand(new ExploreBenchCommand());
        cli.addSubcommand(new PruneCheckCommand());
        // Question 2: the log simulator
        cli.addSubcommand(new LogCommand());
        cli.addSubcommand(new LogExploreCommand());
        cli.addSubcommand(new LogStepBenchCommand());
        cli.addSubcommand(new IsolateCommand());
        cli.addSubcommand(new LogSafetyCommand());
        cli.addSubcommand(new ShrinkCommand());
        cli.addSubcommand(new LogBenchCommand());
        cli.addSubcommand(new CrosscheckCommand());
        // Teaching
        cli.addSubcommand(new WalkthroughCommand());
        // Pictures and UI measurements without a display
        cli.addSubcommand(new racelab.ui.snapshot.SnapshotCommand());
        cli.addSubcommand(new racelab.ui.walkthrough.WalkthroughSnapshotCommand());
        cli.addSubcommand(new racelab.ui.bench.ReplayBenchCommand());
        cli.addSubcommand(new racelab.ui.bench.TimelineDragBenchCommand());
        // Tooling
        cli.addSubcommand(new FuzzCommand());
        cli.addSubcommand(new CommandLine.HelpCommand());
        cli.addSubcommand(new AutoComplete.GenerateCompletion());
        cli.addSubcommand(new racelab.ui.icon.IconCommand());
        return CliConventions.apply(cli, out, err);
    }

    public static void main(String[] args) {
        if (!JavaFxLayer.javafxVisible()) {
            // java -jar ledger-lab.jar: JavaFX is not in the jar; start again with it as named modules from lib/.
            try {
                JavaFxLayer.relaunch(args);
            } catch (java.io.IOException e) {
                System.err.println("ledger-lab: " + e.getMessage());
                System.exit(1);
            }
            return;
        }
        if (args.length == 0) {
            racelab.ui.AppLauncher.launch(args);
            return;
        }
        int exitCode = run(args, System.out, System.err);
        System.exit(exitCode);
    }

    /** Runs one subcommand and returns its exit code; never throws, so scripts always get a clean message. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        int exitCode = commandLine(out, err).execute(args);
        out.flush();
        err.flush();
        return exitCode;
    }
}
