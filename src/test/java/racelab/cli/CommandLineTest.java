package racelab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command line as a whole, checked over every registered command rather than a hand-picked few: each has
 * {@code --help} with described options and shown defaults, unknown options and malformed numbers are one line
 * and exit 2, and the root answers {@code --version} and an unknown command.
 */
class CommandLineTest {

    /** Exit code, stdout and stderr of one invocation. */
    record Result(int exit, String out, String err) {
    }

    static Result main(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Map<String, CommandLine> commands() {
        return Main.commandLine(System.out, System.err).getSubcommands();
    }

    static Stream<String> commandNames() {
        return commands().keySet().stream();
    }

    /** The lab's own commands (picocli's built-in help and completion commands aside). */
    static Stream<String> labCommandNames() {
        return commands().entrySet().stream().filter(e -> e.getValue().getCommand() instanceof LabCommand)
                .map(Map.Entry::getKey);
    }

    @ParameterizedTest
    @MethodSource("commandNames")
    void everyCommandHasHelpWithDescribedOptionsAndTheirDefaults(String name) {
        Result help = main(name, "--help");

        assertThat(help.exit()).isZero();
        assertThat(help.err()).isEmpty();
        assertThat(help.out()).contains("Usage: ledger-lab " + name);
        CommandLine command = commands().get(name);
        for (OptionSpec option : command.getCommandSpec().options()) {
            if (option.hidden()) {
                continue;
            }
            assertThat(option.description()).as(name + " " + option.longestName() + " has a description").isNotEmpty();
            assertThat(help.out()).contains(option.longestName());
            Object initial = option.initialValue();
            boolean shownDefault = initial != null && !(initial instanceof Boolean) && !option.usageHelp()
                    && !option.versionHelp() && !(initial instanceof java.util.Collection<?> c && c.isEmpty());
            if (shownDefault) {
                String shown = initial instanceof java.util.Collection<?> c
                        ? String.join(",", c.stream().map(String::valueOf).toList()) : String.valueOf(initial);
                assertThat(help.out()).as(name + " shows the default of " + option.longestName())
                        .containsPattern("Default: \\[?" + java.util.regex.Pattern.quote(shown.replace(",", ", ")) 
                                + "|Default: " + java.util.regex.Pattern.quote(shown));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("labCommandNames")
    void anUnknownOptionIsOneLineAndExitTwo(String name) {
        Result result = main(name, "--no-such-option");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("ledger-lab " + name + ": unknown option --no-such-option")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    static Stream<String[]> numericOptions() {
        List<String[]> cases = new ArrayList<>();
        commands().forEach((name, command) -> {
            for (OptionSpec option : command.getCommandSpec().options()) {
                Class<?> type = option.auxiliaryTypes()[0];
                if (List.of(int.class, Integer.class, long.class, Long.class).contains(type)) {
                    cases.add(new String[] {name, option.longestName(), "whole number"});
                } else if (List.of(double.class, Double.class).contains(type)) {
                    cases.add(new String[] {name, option.longestName(), "number"});
                }
            }
        });
        assertThat(cases).as("numeric options found").hasSizeGreaterThan(15);
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("numericOptions")
    void everyNumericOptionRejectsTextTheSameWay(String name, String option, String kind) {
        Result result = main(name, option, "twelve");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).startsWith("ledger-lab " + name + ": " + option + " expects a " + kind
                + ", found 'twelve'");
    }

    @Test
    void versionNamesTheProjectVersion() {
        Result result = main("--version");

        assertThat(result.exit()).isZero();
        assertThat(LabVersion.version()).isNotEqualTo("unknown").doesNotContain("${");
        assertThat(result.out()).startsWith("Ledger Race Lab " + LabVersion.version());
        assertThat(main("run", "--version").out()).isEqualTo(result.out());
    }

    @Test
    void rootHelpListsEveryCommandAndTheExitCodes() {
        Result result = main("--help");

        assertThat(result.exit()).isZero();
        commands().forEach((name, command) -> {
            if (!command.getCommandSpec().usageMessage().hidden()) {
                assertThat(result.out()).contains("  " + name + " ");
            }
        });
        assertThat(result.out()).contains("2   bad input");
        assertThat(main("help", "run").out()).contains("Usage: ledger-lab run");
    }

    @Test
    void anUnknownCommandSuggestsTheNearestAndExitsTwo() {
        Result result = main("explor", "double-spend");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).startsWith("ledger-lab: unknown command 'explor'")
                .contains("Did you mean: ledger-lab explore");
    }

    @Test
    void theCompletionScriptKnowsCommandsOptionsAndMitigations() {
        Result result = main("generate-completion");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("complete -F _complete_ledger-lab", "explore-all", "--idempotency-keys",
                "for-update-unordered", "single-writer");
    }

    @Test
    void aBadSettingIsNamedWithItsOption() {
        Result result = main("log", "f1-alos-double-apply", "--set", "acks");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).startsWith("ledger-lab log: --set expects name=value, found 'acks'");
    }
}
