package racelab.testsupport;

import java.util.List;

/**
 * The Kafka child JVMs (broker, Streams app) this test JVM started and that are still alive. Tests count these, not
 * every descendant: the embedded PostgreSQL's watchdog ({@code racelab.postgres.PostgresWatchdog}) is a child too,
 * alive for as long as a PostgreSQL test earlier in the same fork keeps its server, so counting every descendant made
 * the cross-check tests depend on test order. A process whose command line cannot be read is counted, to stay strict.
 */
public final class KafkaChildren {

    /** The package of every main class the cross-check starts in a child JVM ({@code racelab.crosscheck.ChildJvm}). */
    private static final String CHILD_MAIN_PACKAGE = "racelab.crosscheck.child.";

    private KafkaChildren() {
    }

    /** How many Kafka child JVMs are alive. */
    public static long alive() {
        return describeAlive().size();
    }

    /** The pid and command line of each Kafka child JVM alive, for failure messages. */
    public static List<String> describeAlive() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(line -> line.contains(CHILD_MAIN_PACKAGE)).orElse(true))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList();
    }
}
