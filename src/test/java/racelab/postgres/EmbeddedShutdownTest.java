package racelab.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No way of ending a process that uses the embedded server leaves a {@code postgres} process (or its data directory)
 * behind: Ctrl+C (SIGINT, the JVM's shutdown hook stops the server), and kill -9 after or while the server starts
 * (no hook runs; {@link PostgresWatchdog} stops it). Each case runs {@link RunsUntilInterrupted} in a child JVM whose
 * data directories go to a fresh folder, and then waits, with a generous bound, until no process names that folder.
 */
class EmbeddedShutdownTest {

    /** Upper bound for the JVM's own stop or the watchdog's work; a loaded machine takes seconds, never this. */
    private static final long SETTLE_SECONDS = 120;

    @Test
    void ctrlCWhileWorkingStopsTheEmbeddedServer() throws Exception {
        Path folder = dataFolder();
        Process child = startChild(folder);
        long postmaster;
        try (BufferedReader lines = reader(child)) {
            postmaster = awaitPostmaster(lines);
            assertThat(ignores(child.pid(), 2)).as("the child ignores SIGINT, so Ctrl+C could not reach it").isFalse();
            new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor();
            assertThat(child.waitFor(SETTLE_SECONDS, TimeUnit.SECONDS)).as("the child ends after Ctrl+C").isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.exitValue()).as("exit status of a JVM ended by SIGINT").isEqualTo(130);
        assertNothingLeft(folder, postmaster);
    }

    @Test
    void killMinus9WhileWorkingStillStopsTheServer() throws Exception {
        Path folder = dataFolder();
        Process child = startChild(folder);
        long postmaster;
        try (BufferedReader lines = reader(child)) {
            postmaster = awaitPostmaster(lines);
            child.destroyForcibly();
            assertThat(child.waitFor(SETTLE_SECONDS, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertNothingLeft(folder, postmaster);
    }

    /**
     * SIGKILL at a seeded moment of the first seconds: before initdb, during it, while {@code pg_ctl start} runs or
     * after. Which one it hits depends on the machine's load; what is asserted holds for every one of them.
     */
    @Test
    void killMinus9AtAnyMomentOfTheStartLeavesNothing() throws Exception {
        long delayMs = new Random(20261130L).nextInt(4000);
        Path folder = dataFolder();
        Process child = startChild(folder);
        try (BufferedReader lines = reader(child)) {
            String line = lines.readLine();
            assertThat(line).as("the child's first line").isEqualTo("launching");
            Thread.sleep(delayMs); // not synchronisation: any moment is a valid test case
            child.destroyForcibly();
            assertThat(child.waitFor(SETTLE_SECONDS, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertNothingLeft(folder, -1);
    }

    private static Path dataFolder() throws IOException {
        Path parent = Path.of(System.getProperty("racelab.postgres.dir", "target/postgres")).toAbsolutePath();
        Files.createDirectories(parent);
        return Files.createTempDirectory(parent, "shutdown-test-");
    }

    private static Process startChild(Path folder) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>();
        if (sigintIgnored()) {
            // This JVM was started with SIGINT ignored (the build ran in the background of a non-interactive shell:
            // `mvn verify &`, nohup), and an ignored signal stays ignored across fork and exec. HotSpot installs no
            // handler for a SIGINT that is ignored at start, so the child would never see the Ctrl+C this test sends
            // and would run until the 120 s bound: the one unexplained failure of this test (load 42, stop 20) was
            // this. A terminal's Ctrl+C only reaches a foreground process, whose SIGINT is not ignored; the child
            // gets that disposition back first (GNU env --default-signal).
            command.addAll(List.of("env", "--default-signal=INT"));
        }
        command.addAll(List.of(java, "-Dracelab.postgres.dir=" + folder, "-cp",
                System.getProperty("java.class.path"), RunsUntilInterrupted.class.getName()));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Whether process {@code pid} ignores signal {@code signal}, from its SigIgn mask in /proc. */
    static boolean ignores(long pid, int signal) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("SigIgn:")) {
                long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
                return (mask & (1L << (signal - 1))) != 0;
            }
        }
        return false;
    }

    /** Whether this process ignores SIGINT (bit 2 of the SigIgn mask in /proc/self/status), as a child would too. */
    static boolean sigintIgnored() throws IOException {
        return ignores(ProcessHandle.current().pid(), 2);
    }

    private static BufferedReader reader(Process child) {
        return new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    }

    private static long awaitPostmaster(BufferedReader lines) throws IOException {
        StringBuilder output = new StringBuilder();
        String line = lines.readLine();
        while (line != null && !line.startsWith("postmaster ")) {
            output.append(line).append('\n');
            line = lines.readLine();
        }
        assertThat(line).as("the child started the embedded server; its output:\n%s", output).isNotNull();
        long postmaster = Long.parseLong(line.substring("postmaster ".length()).trim());
        assertThat(ProcessHandle.of(postmaster)).as("postmaster %d runs", postmaster).isPresent();
        return postmaster;
    }

    /**
     * Waits until no process (postmaster, pg_ctl, initdb) names {@code folder} on its command line, the postmaster
     * has exited and the data directory has been removed (the watchdog's last act), and fails with what is left if
     * that does not happen within {@link #SETTLE_SECONDS}.
     */
    private static void assertNothingLeft(Path folder, long postmaster) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SETTLE_SECONDS);
        while (!settled(folder, postmaster) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(processesNaming(folder)).as("processes still naming %s", folder).isEmpty();
        if (postmaster > 0) {
            assertThat(running(postmaster)).as("postmaster %d is gone", postmaster).isFalse();
        }
        assertThat(entries(folder)).as("data directories left in %s", folder).isEmpty();
        Files.delete(folder);
    }

    private static boolean settled(Path folder, long postmaster) throws IOException {
        return processesNaming(folder).isEmpty() && !running(postmaster) && entries(folder).isEmpty();
    }

    private static List<Path> entries(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.toList();
        }
    }

    /**
     * Whether the process runs: it exists and is not a zombie (an exited process its parent has not reaped yet;
     * the postmaster's parent is init, which may reap late).
     */
    static boolean running(long pid) {
        if (pid <= 0) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException gone) {
            return false;
        }
    }

    /**
     * Processes whose command line contains {@code folder}, read from {@code /proc/PID/cmdline} (the binaries are
     * Linux-only; {@code ProcessHandle.Info.commandLine()} is empty for some processes, the postmaster among them).
     */
    static List<String> processesNaming(Path folder) throws IOException {
        String name = folder.toString();
        List<String> found = new java.util.ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : entries.filter(e -> e.getFileName().toString().matches("[0-9]+")).toList()) {
                if (Long.parseLong(entry.getFileName().toString()) == ProcessHandle.current().pid()) {
                    continue;
                }
                try {
                    String commandLine = new String(Files.readAllBytes(entry.resolve("cmdline")),
                            StandardCharsets.UTF_8).replace('\0', ' ');
                    if (commandLine.contains(name)) {
                        found.add(entry.getFileName() + " " + commandLine);
                    }
                } catch (IOException gone) {
                    // the process ended while the list was read
                }
            }
        }
        return found;
    }
}
