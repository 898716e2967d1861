package racelab.crosscheck;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * One child JVM of a real run (a broker, a controller or a ledger app). Its stdout status lines are kept for
 * {@link #awaitLine}; stdout and stderr also go to files in the run's directory. {@link #kill()} is a real SIGKILL
 * ({@link Process#destroyForcibly()} on Linux), {@link #pause()} and {@link #resume()} send SIGSTOP and SIGCONT.
 * Every live child is registered, and a JVM shutdown hook kills whatever is left (Ctrl+C, a crash of the parent).
 */
final class ChildJvm implements AutoCloseable {

    private static final Set<ChildJvm> LIVE = ConcurrentHashMap.newKeySet();
    private static final Set<Path> DIRECTORIES = ConcurrentHashMap.newKeySet();

    static {
        // Ctrl+C or SIGTERM of the parent: no finally block runs, so the hook kills the children and removes their
        // directories.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LIVE.forEach(ChildJvm::kill);
            DIRECTORIES.forEach(RealRun::deleteTree);
        }, "crosscheck-children"));
    }

    /** Removes {@code dir} on JVM exit unless {@link #forget} was called after deleting it normally. */
    static void deleteOnExit(Path dir) {
        DIRECTORIES.add(dir);
    }

    static void forget(Path dir) {
        if (dir != null) {
            DIRECTORIES.remove(dir);
        }
    }

    final String name;
    private final Process process;
    private final Path stdoutFile;
    private final List<String> lines = new ArrayList<>();
    private final List<Long> lineTimesNs = new ArrayList<>();
    private volatile boolean paused;

    private ChildJvm(String name, Process process, Path stdoutFile) {
        this.name = name;
        this.process = process;
        this.stdoutFile = stdoutFile;
    }

    /** Starts {@code mainClass} from the Kafka library class path with a heap cap and quick-start JIT flags. */
    static ChildJvm start(KafkaRuntime runtime, String name, String mainClass, List<String> args, Path dir, int heapMb)
            throws CrossCheckException {
        List<String> command = new ArrayList<>(List.of(runtime.javaExecutable(), "-Xmx" + heapMb + "m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Djava.net.preferIPv4Stack=true",
                "-Djava.io.tmpdir=" + dir.toAbsolutePath(), "-cp", runtime.classPath(), mainClass));
        command.addAll(args);
        Path out = dir.resolve(name + ".out");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(dir.resolve(name + ".err").toFile());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new CrossCheckException("cannot start " + name + ": " + e.getMessage(), e);
        }
        ChildJvm child = new ChildJvm(name, process, out);
        LIVE.add(child);
        Thread reader = new Thread(child::pump, "crosscheck-" + name + "-stdout");
        reader.setDaemon(true);
        reader.start();
        return child;
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer file = Files.newBufferedWriter(stdoutFile, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                    lineTimesNs.add(System.nanoTime());
                    lines.notifyAll();
                }
                file.write(line);
                file.write('\n');
                file.flush();
            }
        } catch (IOException e) {
            // the child died; isAlive() tells the waiters
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Status lines so far, in order. */
    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /**
     * Waits for a status line matching {@code match} that arrived after line number {@code from}; returns it.
     *
     * @throws CrossCheckException if the child exits, the timeout passes, or {@code cancelled} turns true
     */
    String awaitLine(int from, Predicate<String> match, long timeoutMs, BooleanSupplier cancelled, String what)
            throws CrossCheckException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        int seen = from;
        while (true) {
            synchronized (lines) {
                for (; seen < lines.size(); seen++) {
                    if (match.test(lines.get(seen))) {
                        return lines.get(seen);
                    }
                }
                if (cancelled.getAsBoolean()) {
                    throw new CancelledException();
                }
                if (!process.isAlive()) {
                    throw new CrossCheckException(name + " exited (code " + process.exitValue() + ") while waiting for "
                            + what + "; " + errTail());
                }
                long leftNs = deadline - System.nanoTime();
                if (leftNs <= 0) {
                    throw new CrossCheckException(name + " did not report " + what + " within " + timeoutMs + " ms; "
                            + errTail());
                }
                try {
                    lines.wait(Math.min(200, Math.max(1, TimeUnit.NANOSECONDS.toMillis(leftNs))));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancelledException();
                }
            }
        }
    }

    int lineCount() {
        synchronized (lines) {
            return lines.size();
        }
    }

    private String errTail() {
        Path err = stdoutFile.resolveSibling(name + ".err");
        try {
            List<String> all = Files.readAllLines(err, StandardCharsets.UTF_8);
            List<String> tail = all.subList(Math.max(0, all.size() - 6), all.size());
            return tail.isEmpty() ? "no error output" : "last error output: " + String.join(" | ", tail);
        } catch (IOException e) {
            return "no error output";
        }
    }

    /** SIGKILL, and wait until the process is gone. A paused child is killed too (SIGKILL needs no SIGCONT). */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LIVE.remove(this);
    }

    /** SIGSTOP: the JVM stops mid-instruction, every thread including heartbeats (a long GC pause). */
    void pause() throws CrossCheckException {
        signal("STOP");
        paused = true;
    }

    /** SIGCONT. */
    void resume() throws CrossCheckException {
        signal("CONT");
        paused = false;
    }

    boolean paused() {
        return paused;
    }

    private void signal(String signal) throws CrossCheckException {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new CrossCheckException("kill -" + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new CrossCheckException("cannot send SIG" + signal + " to " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        }
    }

    /** Resident set size from /proc, in KiB, or -1. */
    long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() {
        kill();
    }

    /** Children still running (for tests and the app's cancel check). */
    static int liveCount() {
        LIVE.removeIf(c -> !c.process.isAlive());
        return LIVE.size();
    }
}
