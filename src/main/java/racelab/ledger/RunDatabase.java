package racelab.ledger;

import java.util.List;

/**
 * Which database a run went to, for every verdict the lab shows.
 *
 * @param backend the backend's id, {@code h2} or {@code postgres}
 * @param server product and version as the server reports them, e.g. {@code PostgreSQL 17.7 (embedded)}
 * @param sessionSettings settings the lab gave every lane session for teaching (e.g. a shorter deadlock_timeout),
 *        one sentence each; empty when the lanes ran on the server's defaults
 */
public record RunDatabase(String backend, String server, List<String> sessionSettings) {

    public RunDatabase {
        sessionSettings = List.copyOf(sessionSettings);
    }

    /** Embedded in-memory H2, the default. */
    public static RunDatabase h2() {
        return new RunDatabase(H2Backend.INSTANCE.id(), H2Backend.INSTANCE.serverDescription(), List.of());
    }
}
