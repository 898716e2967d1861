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
 * @param atLatestMs the end of the window the fault fires in ({@code at: 45000..55000}); equal to {@code atMs} for an
 *     exact time. The run's seed picks the moment inside the window (LogSimulation), so two seeds give two timelines.
 */
public record Fault(long atMs, String kind, List<String> targets, String domain, long durationMs, long delayMs,
        String note, long atLatestMs) {

    public Fault {
        if (atLatestMs < atMs) {
            throw new IllegalArgumentException("fault window ends at " + atLatestMs + " ms, before it starts at " + atMs);
        }
    }

    /** A fault at an exact time. */
    public Fault(long atMs, String kind, List<String> targets, String domain, long durationMs, long delayMs, String note) {
        this(atMs, kind, targets, domain, durationMs, delayMs, note, atMs);
    }

    /** Whether the scene gave a window rather than an exact time. */
    public boolean isWindow() {
        return atLatestMs > atMs;
    }

    /** This fault at one exact moment (inside its window). */
    public Fault at(long exactMs) {
        return new Fault(exactMs, kind, targets, domain, durationMs, delayMs, note, exactMs);
    }

    /** The time as a scene writes it: {@code 50000} or {@code 45000..55000}. */
    public String when() {
        return isWindow() ? atMs + ".." + atLatestMs : Long.toString(atMs);
    }

    public static final List<String> KINDS = List.of("power-cut", "kill", "pause", "isolate", "slow", "replication-lag",
            "leader-bounce", "restart");

    public String describe() {
        String what = domain != null ? "domain " + domain : String.join(", ", targets);
        return kind + " " + what + " at " + when() + " ms" + (durationMs >= 0 ? " for " + durationMs + " ms" : "");
    }
}
