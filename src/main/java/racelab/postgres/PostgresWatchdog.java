package racelab.postgres;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Stops the embedded server when the lab's JVM dies without running its shutdown hooks (kill -9, a crash, a test
 * runner that gives up on a forked JVM). {@code pg_ctl start} detaches the postmaster from the JVM (its parent is
 * init), so nothing in the operating system ends it together with the JVM; this watchdog does.
 *
 * <p>It is a small {@code /bin/sh} process started before the server, whose standard input is a pipe from this JVM.
 * The JVM never writes to it: the script's {@code read} returns at end-of-file, when the JVM closes the pipe after
 * stopping the server itself, or when the kernel closes it because the JVM died. The script then looks at the
 * server's data directory. If a postmaster of that directory runs, it gets SIGINT, PostgreSQL's "fast shutdown"
 * (PostgreSQL documentation, 19.5 "Shutting Down the Server"), then SIGQUIT if it has not exited after 60 s. If
 * {@code initdb}, {@code pg_ctl} or a postmaster still works on the directory without a pid file yet (the JVM died
 * while starting the server), it waits for the pid file, so a server that comes up after the JVM is gone is stopped
 * too. Then the directory is removed. After a normal stop the directory is already gone and the script ends at
 * once.
 *
 * <p>The postmaster is recognised by its command line naming this data directory, never by a pid alone, so a reused
 * pid is never signalled. The directory reaches the script in an environment variable, not as an argument, so the
 * script's own command line never matches.
 */
final class PostgresWatchdog implements AutoCloseable {

    /** Environment variable that carries the data directory to the script. */
    static final String DATA_VARIABLE = "LEDGER_LAB_PG_DATA";

    /**
     * {@code busy}: some process has the data directory on its command line ({@code grep} over every
     * {@code /proc/PID/cmdline}; the glob is expanded before grep starts, so grep never sees its own). {@code ours}:
     * this pid's command line has the data directory as one of its arguments. At most 120 s of waiting in all.
     */
    static final String SCRIPT = String.join("\n",
            "d=\"$" + DATA_VARIABLE + "\"",
            "read -r ignored",
            "busy() { grep -qsaF -- \"$d\" /proc/[0-9]*/cmdline; }",
            "ours() { [ -n \"$1\" ] && [ -r \"/proc/$1/cmdline\" ] && tr '\\0' '\\n' < \"/proc/$1/cmdline\" "
                    + "| grep -qxF -- \"$d\"; }",
            "i=0",
            "while [ -n \"$d\" ] && [ -d \"$d\" ] && [ $i -lt 600 ]; do",
            "  pid=$(head -n 1 \"$d/postmaster.pid\" 2>/dev/null)",
            "  if ours \"$pid\"; then",
            "    kill -INT \"$pid\"",
            "    while ours \"$pid\" && [ $i -lt 600 ]; do sleep 0.2; i=$((i+1)); done",
            "    ours \"$pid\" && kill -QUIT \"$pid\"",
            "    break",
            "  fi",
            "  busy || break",
            "  sleep 0.2; i=$((i+1))",
            "done",
            "[ -n \"$d\" ] && rm -rf \"$d\"",
            "");

    private final Process process;
    private final OutputStream pipe;

    private PostgresWatchdog(Process process) {
        this.process = process;
        this.pipe = process.getOutputStream();
    }

    /**
     * Starts the watchdog for a server that will keep its data in {@code dataDirectory}.
     *
     * @throws IOException when {@code /bin/sh} cannot be started
     */
    static PostgresWatchdog watch(Path dataDirectory) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", SCRIPT, "ledger-lab-postgres-watchdog")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put(DATA_VARIABLE, dataDirectory.toAbsolutePath().toString());
        Process process = builder.start();
        return new PostgresWatchdog(process);
    }

    /** The watchdog's process id (tests wait for it to end). */
    long pid() {
        return process.pid();
    }

    /**
     * After the JVM stopped the server itself: closes the pipe, so the script removes what is left, and waits up to
     * {@code waitSeconds} for it to end.
     */
    void stopped(long waitSeconds) {
        try {
            pipe.close();
        } catch (IOException ignored) {
            // the script has ended already
        }
        try {
            process.waitFor(waitSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * After a failed start: closes the pipe as a dying JVM would, so the script stops a server that {@code pg_ctl}
     * may still bring up, and removes the directory. Does not wait.
     */
    void abandon() {
        try {
            pipe.close();
        } catch (IOException ignored) {
            // the script has ended already
        }
    }

    @Override
    public void close() {
        stopped(30);
    }
}
