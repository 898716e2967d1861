package racelab.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Ctrl+C on a process that uses the embedded server leaves no {@code postgres} process behind: a child JVM starts
 * the server, works on it, gets SIGINT (what a terminal sends on Ctrl+C) and must take its postmaster with it.
 */
class EmbeddedShutdownTest {

    @Test
    void ctrlCWhileWorkingStopsTheEmbeddedServer() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                RunsUntilInterrupted.class.getName()).redirectErrorStream(true).start();
        long postmaster;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = lines.readLine();
            StringBuilder output = new StringBuilder();
            while (line != null && !line.startsWith("postmaster ")) {
                output.append(line).append('\n');
                line = lines.readLine();
            }
            assertThat(line).as("the child started the embedded server; its output:\n%s", output).isNotNull();
            postmaster = Long.parseLong(line.substring("postmaster ".length()).trim());
            assertThat(ProcessHandle.of(postmaster)).as("postmaster %d runs", postmaster).isPresent();
            Thread.sleep(500);
            new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the child ends after Ctrl+C").isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.exitValue()).as("exit status of a JVM ended by SIGINT").isEqualTo(130);
        // The child's shutdown hook waits for the postmaster to exit; a moment for the process table to catch up.
        ProcessHandle.of(postmaster).ifPresent(p -> p.onExit().completeOnTimeout(p, 5, TimeUnit.SECONDS).join());
        Optional<ProcessHandle> left = ProcessHandle.of(postmaster);
        assertThat(left.map(ProcessHandle::isAlive).orElse(false)).as("postmaster %d is gone", postmaster).isFalse();
    }
}
