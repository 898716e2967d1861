package racelab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import racelab.cli.CliConventions;

class BenchCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return CliConventions.apply(new CommandLine(new BenchCommand(new TestTargets())),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .execute(args);
    }

    @Test
    void jsonIsOneDocumentWithACellPerMitigationAndWorkerCount(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("bench.csv");
        int code = run("--workers", "1,2", "--accounts", "40", "--hot-accounts", "4", "--transfers", "400",
                "--reps", "2", "--json", "--csv", csv.toString());
        assertThat(code).isZero();
        JsonNode report = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(report.get("cells")).hasSize(4);
        JsonNode first = report.get("cells").get(0);
        assertThat(first.get("mitigation").asText()).isEqualTo("test-check-then-act");
        assertThat(first.get("runs")).hasSize(2);
        assertThat(first.get("runs").get(0).get("requested").asLong()).isEqualTo(440);
        assertThat(report.get("availableProcessors").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(report.get("settings").get("workload").get("seed").asLong()).isEqualTo(1);
        // 4 cells x (2 runs + 1 median) + header
        assertThat(Files.readAllLines(csv)).hasSize(13);
    }

    @Test
    void tableHasAHeaderAndOneLinePerCell() throws Exception {
        int code = run("--workers", "2", "--accounts", "40", "--hot-accounts", "4", "--transfers", "300",
                "--reps", "1", "--mitigations", "test-conditional");
        assertThat(code).isZero();
        String table = out.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("cores seen by the JVM", "seed 1", "mitigation", "xfers/s");
        assertThat(table.lines().filter(line -> line.startsWith("test-conditional"))).hasSize(1);
        assertThat(table.lines().filter(line -> line.startsWith("test-conditional")).findFirst().orElseThrow())
                .endsWith("ok");
    }

    @Test
    void badFlagsAreUsageErrors() {
        assertThat(run("--workers", "x")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--workers expects a whole number, found 'x'");
        assertThat(run("--mitigations", "naive")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown mitigation 'naive'");
    }
}
