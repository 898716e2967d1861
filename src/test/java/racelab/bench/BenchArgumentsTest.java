package racelab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import racelab.cli.Main;
import racelab.cli.UsageException;

class BenchArgumentsTest {

    private static final List<String> KNOWN = List.of("naive", "for-update");

    /** Parses {@code bench ARGS} with the jar's real command line, without running anything. */
    private static BenchArguments parse(String... args) {
        CommandLine cli = Main.commandLine(System.out, System.err);
        String[] all = new String[args.length + 1];
        all[0] = "bench";
        System.arraycopy(args, 0, all, 1, args.length);
        cli.parseArgs(all);
        return ((BenchCommand) cli.getSubcommands().get("bench").getCommand()).arguments;
    }

    /** Runs {@code bench ARGS} through Main and returns stderr; every case here stops before a benchmark runs. */
    private static String rejected(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = "bench";
        System.arraycopy(args, 0, all, 1, args.length);
        int exit = Main.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String errors = err.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(errors).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(errors).doesNotContain("Exception").doesNotContain("\tat ");
        return errors;
    }

    @Test
    void defaultsAreTheIssueExample() throws UsageException {
        BenchSettings settings = parse().settings(KNOWN);
        assertThat(settings.workerCounts()).containsExactly(1, 2, 4, 8);
        assertThat(settings.mitigations()).isEqualTo(KNOWN);
        assertThat(settings.workload().accountCount()).isEqualTo(1000);
        assertThat(settings.workload().hotFraction()).isEqualTo(0.9);
        assertThat(settings.timed()).isTrue();
        assertThat(settings.repetitions()).isEqualTo(3);
    }

    @Test
    void flagsAreRead() throws UsageException {
        BenchArguments arguments = parse("--workers", "2,6", "--accounts", "50", "--hot", "0.5", "--hot-accounts", "5",
                "--mitigations", "for-update", "--transfers", "1000", "--reps", "5", "--seed", "9", "--json", "--csv",
                "x.csv");
        BenchSettings settings = arguments.settings(KNOWN);
        assertThat(settings.workerCounts()).containsExactly(2, 6);
        assertThat(settings.mitigations()).containsExactly("for-update");
        assertThat(settings.timed()).isFalse();
        assertThat(settings.transfersPerRun()).isEqualTo(1000);
        assertThat(settings.warmupTransfers()).isEqualTo(100);
        assertThat(settings.workload().seed()).isEqualTo(9);
        assertThat(arguments.json()).isTrue();
        assertThat(arguments.csvFile()).isEqualTo("x.csv");
    }

    @Test
    void mistakesGiveClearMessages() {
        assertThat(rejected("--workers", "1,x")).contains("--workers expects a whole number, found 'x'");
        assertThat(rejected("--mitigations", "nope", "--transfers", "1")).contains("unknown mitigation 'nope'");
        assertThat(rejected("--hot", "90")).contains("between 0 and 1");
        assertThat(rejected("--seconds", "1", "--transfers", "5")).contains("not both");
        assertThat(rejected("--reps")).contains("--reps");
        assertThat(rejected("--frobnicate", "1")).contains("unknown option --frobnicate");
        assertThat(rejected("--workers", "0")).contains("--workers must be at least 1");
        assertThat(rejected("--hot", "-0.5")).contains("--hot must be a non-negative number");
        assertThat(rejected("--hot-accounts", "20", "--accounts", "10")).contains("is more than --accounts");
    }
}
