package racelab.logsim.scene;

import java.util.List;

/**
 * A fault at a simulated time. Targets are machine ids ({@code broker-2}, {@code app-1}), {@code leader:changelog-0}
 * or {@code followers:changelog-0} (resolved when the fault fires), or every machine of a power domain.
 *
 * @param kind power-cut, kill, pause, isolate, slow, replication-lag, leader-bounce, restart
 * @param durationMs how long a pause/isolation/slow link lasts, or how long a cut/killed machine stays down before
 *     it restarts (-1: it stays down)
 * @param delayMs extra one-way delay for {@code slow} (all traffic) and {@code replication-lag} (follower fetches)
 */
public record Fault(long atMs, String kind, List<String> targets, String domain, long durationMs, long delayMs,
        String note) {

    public static final List<String> KINDS = List.of("power-cut", "kill", "pause", "isolate", "slow", "replication-lag",
            "leader-bounce", "restart");

    public String describe() {
        String what = domain != null ? "domain " + domain : String.join(", ", targets);
        return kind + " " + what + " at " + atMs + " ms" + (durationMs >= 0 ? " for " + durationMs + " ms" : "");
    }
}
