package racelab.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app image that {@code mvn verify} builds (jlink + jpackage, before this test), used the way a trainer would:
 * its launcher, from a folder that has no {@code scenes/}, without a display. Every run is bounded.
 */
class AppImageIT {

    private static final Path IMAGE = Path.of("target", "dist", "ledger-lab");
    private static final Path LAUNCHER = IMAGE.resolve("bin").resolve("ledger-lab");
    private static final long TIMEOUT_SECONDS = 120;

    @TempDir
    Path work;

    /** Exit code, stdout and stderr of one launcher run. */
    record Run(int exit, String out, String err) {
    }

    private Run launch(String... args) throws IOException, InterruptedException {
        return launch(TIMEOUT_SECONDS, args);
    }

    private Run launch(long timeoutSeconds, String... args) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(LAUNCHER), "the Linux app image is built by mvn verify on Linux");
        List<String> command = new ArrayList<>();
        command.add(LAUNCHER.toAbsolutePath().toString());
        command.addAll(List.of(args));
        Path out = work.resolve("out.txt");
        Path err = work.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("DISPLAY");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the launcher did not finish within " + timeoutSeconds + " s: " + command);
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theLauncherRunsAShippedSceneHeadlessWithNothingOnStderr() throws Exception {
        Run help = launch("--help");
        assertThat(help.exit()).as(help.err()).isZero();
        assertThat(help.out()).contains("Usage: ledger-lab", "run", "snapshot");
        assertThat(help.err()).isEmpty();

        Run run = launch("run", "double-spend", "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("scene").asText()).isEqualTo("double-spend");
        assertThat(json.get("verdict").asText()).isEqualTo("violated");

        Run bad = launch("run", "double-spend", "--mitigation", "hope");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).startsWith("ledger-lab run: --mitigation: unknown mitigation 'hope'");
    }

    /**
     * {@code crosscheck} from the image alone: the real Kafka broker and Streams ledger run in child JVMs started
     * with the image's own {@code bin/java} and its {@code lib/app/kafka-lib}, from a folder with no build in it.
     * One real run of the F1 scene (about 25 s idle, 50 s at load 20); what the run finds is RealKafkaF1Test's
     * business, here it must run, report one real run and leave no child process behind.
     */
    @Test
    void crosscheckRunsRealKafkaFromTheImagesOwnRuntimeAndLibraries() throws Exception {
        assumeTrue(Files.isExecutable(LAUNCHER), "the Linux app image is built by mvn verify on Linux");
        assertThat(IMAGE.resolve("lib/runtime/bin/java")).isExecutable();
        Path kafkaLib = IMAGE.resolve("lib/app/kafka-lib").toAbsolutePath();
        assertThat(kafkaLib.resolve("ledger-lab-kafka-runner.jar")).isRegularFile();

        Run check = launch(600, "crosscheck", "f1-alos-double-apply", "--runs", "1", "--json");
        assertThat(check.exit()).as(check.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(check.out());
        assertThat(json.get("scene").asText()).isEqualTo("f1-alos-double-apply");
        assertThat(json.get("runs").asInt()).isEqualTo(1);
        assertThat(json.get("realRuns")).hasSize(1);
        assertThat(json.get("brokerStartMsMedian").asLong()).isPositive();
        assertThat(json.get("measures").findValuesAsText("name")).contains("applied twice", "lost entries");
        // --json: stdout is the document, stderr only the progress lines.
        assertThat(check.err().lines()).allSatisfy(line -> assertThat(line).startsWith("  "));
        assertThat(check.err()).contains("starting one Kafka 4.4.0 broker", "auditing the final restore");

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        List<String> left = processesNaming(kafkaLib.toString());
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            left = processesNaming(kafkaLib.toString());
        }
        assertThat(left).as("child JVMs of the cross-check still running").isEmpty();
    }

    /** Processes whose command line (from /proc) contains {@code text}. */
    private static List<String> processesNaming(String text) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : entries.filter(e -> e.getFileName().toString().matches("[0-9]+")).toList()) {
                try {
                    String commandLine = new String(Files.readAllBytes(entry.resolve("cmdline")),
                            StandardCharsets.UTF_8).replace('\0', ' ');
                    if (commandLine.contains(text)) {
                        found.add(entry.getFileName() + " " + commandLine);
                    }
                } catch (IOException gone) {
                    // ended while the list was read
                }
            }
        }
        return found;
    }

    @Test
    void snapshotRendersWithJavaFxAsNamedModulesAndNoWarning() throws Exception {
        Path png = work.resolve("shot.png");
        Run snapshot = launch("snapshot", "f9-power-cut-no-fsync", "--step", "1", "--out", png.toString(),
                "--width", "1024", "--height", "640");
        assertThat(snapshot.exit()).as(snapshot.err()).isZero();
        // "WARNING: Unsupported JavaFX configuration" would be here if JavaFX came from the class path.
        assertThat(snapshot.err()).isEmpty();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1024);
    }

    @Test
    void theImageShipsItsOwnSmallRuntimeTheScenesTheIconAndTheCompletionScript() throws Exception {
        assumeTrue(Files.isExecutable(LAUNCHER), "the Linux app image is built by mvn verify on Linux");
        String release = Files.readString(IMAGE.resolve("lib/runtime/release"));
        assertThat(release).contains("java.sql", "java.desktop", "jdk.unsupported")
                .doesNotContain("jdk.compiler", "jdk.jshell", "java.se ", "jdk.javadoc");
        Path app = IMAGE.resolve("lib/app");
        assertThat(app.resolve("scenes/double-spend.yaml")).isRegularFile();
        try (Stream<Path> shipped = Files.list(Path.of("scenes"))) {
            for (Path scene : shipped.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                assertThat(app.resolve("scenes").resolve(scene.getFileName())).as("shipped " + scene).isRegularFile();
            }
        }
        if (Files.isDirectory(Path.of("scenes/walkthroughs"))) {
            assertThat(app.resolve("scenes/walkthroughs")).isDirectory();
        }
        assertThat(ImageIO.read(IMAGE.resolve("lib/ledger-lab.png").toFile()).getWidth()).isEqualTo(256);
        assertThat(Files.readString(app.resolve("ledger-lab-completion.bash")))
                .contains("complete -F _complete_ledger-lab", "explore-all", "--mitigation");
        assertThat(Files.readString(app.resolve("ledger-lab.cfg"))).doesNotContain("javafx");
        assertThat(app.resolve("lib")).isDirectoryContaining(p -> p.getFileName().toString().startsWith(
                "javafx-graphics"));
    }
}
