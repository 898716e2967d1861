package racelab.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import racelab.cli.Main;

/**
 * Seeded mutants of every shipped scene (lines deleted, duplicated, swapped; numbers huge, negative, zero, not
 * numbers; wrong types; deep nesting; aliases; long strings and ids; unicode and control characters; binary junk;
 * empty and oversized files): each is accepted or rejected at the place it is wrong, nothing else; a sample of the
 * accepted ones runs to an outcome within its bound, and nothing is left open. The seed is {@code -Dfuzz.seed}
 * (default 12), so a failure replays exactly with {@code fuzz --mutants 2000 --seed S --run}.
 */
class SceneFuzzTest {

    private static final int MUTANTS = 2_000;
    private static final int REJECTED_FOR_THE_COMMAND_LINE = 25;

    @TempDir
    Path work;

    @Test
    void everyMutantIsAcceptedOrRejectedWhereItIsWrongAndSampledRunsEndWithAnOutcome() throws Exception {
        long seed = Long.getLong("fuzz.seed", 12);
        List<FuzzCampaign.Source> sources = FuzzCampaign.sourcesIn(Path.of("scenes"));
        assertThat(sources).hasSizeGreaterThanOrEqualTo(20);
        // Runs: every 10th accepted mutant, about 30 runs; a load counts as slow after 5 s (CI machines are shared).
        FuzzCampaign.Options options = new FuzzCampaign.Options(MUTANTS, seed, 10, 30_000, 30_000, 5_000,
                REJECTED_FOR_THE_COMMAND_LINE);

        FuzzReport report = new FuzzCampaign(sources).run(options, work, line -> { });

        String table = report.toMarkdown();
        assertThat(report.findings()).as("seed %d:%n%s", seed, table).isEmpty();
        assertThat(report.count(FuzzReport.ACCEPTED) + report.count(FuzzReport.REJECTED_LOCATED))
                .as(table).isEqualTo(MUTANTS);
        assertThat(report.count(FuzzReport.ACCEPTED)).as("some mutants stay valid and go on to run").isGreaterThan(100);
        assertThat(report.count(FuzzReport.LEDGER_OUTCOME)).as(table).isGreaterThanOrEqualTo(5);
        assertThat(report.count(FuzzReport.LOG_OUTCOME) + report.count(FuzzReport.LOG_UNSETTLED)).as(table)
                .isGreaterThanOrEqualTo(5);
        assertThat(report.openDatabases()).isEmpty();
        assertThat(report.liveThreads()).isEmpty();

        assertThat(report.rejectedKept()).hasSize(REJECTED_FOR_THE_COMMAND_LINE);
        for (Map.Entry<Path, Boolean> rejected : report.rejectedKept().entrySet()) {
            assertTheCommandLineRejects(rejected.getKey(), rejected.getValue() ? "log" : "run");
        }
    }

    /** Exit 2 and exactly one line, {@code file:line:column: message}, with no exception's name in it. */
    private static void assertTheCommandLineRejects(Path mutant, String command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(new String[] {command, mutant.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String errors = err.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(errors).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(errors.lines().toList()).as(errors).hasSize(1);
        assertThat(errors.strip()).startsWith(mutant + ":").matches("(?s).*?:\\d+:\\d+: .+")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }
}
