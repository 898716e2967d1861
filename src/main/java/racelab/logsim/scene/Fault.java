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
 * @param afterEvent -1 for a fault at a time; else the fault fires right after event {@code afterEvent} of the run's
 *     step trace ({@code after: N} in a scene, {@code --after N} on the CLI; 0 is before the first event), and
 *     {@code atMs} is ignored
 * @param origin where the fault was written ({@code file:line:column} of its {@code after:}), for errors the run can
 *     only find (a position past the end of the trace); empty when it did not come from a file
 */
public record Fault(long atMs, String kind, List<String> targets, String domain, long durationMs, long delayMs,
        String note, long atLatestMs, int afterEvent, String origin) {

    public Fault {
        if (atLatestMs < atMs) {
            throw new IllegalArgumentException("fault window ends at " + atLatestMs + " ms, before it starts at " + atMs);
        }
        if (afterEvent < -1) {
            throw new IllegalArgumentException("fault position must be 0 or more, found " + afterEvent);
        }
    }

    /** A fault at an exact time. */
    public Fault(long atMs, String kind, List<String> targets, String domain, long durationMs, long delayMs, String note) {
        this(atMs, kind, targets, domain, durationMs, delayMs, note, atMs);
    }

    /** A fault at a time or in a window. */
    public Fault(long atMs, String kind, List<String> targets, String domain, long durationMs, long delayMs, String note,
            long atLatestMs) {
        this(atMs, kind, targets, domain, durationMs, delayMs, note, atLatestMs, -1, "");
    }

    /** Whether the fault is placed by step ("after event N") rather than by time. */
    public boolean isByPosition() {
        return afterEvent >= 0;
    }

    /** This fault right after event {@code n} of the step trace (0: before the first event). */
    public Fault afterEvent(int n, String where) {
        return new Fault(atMs, kind, targets, domain, durationMs, delayMs, note, atLatestMs, n, where);
    }

    /** Whether the scene gave a window rather than an exact time. */
    public boolean isWindow() {
        return atLatestMs > atMs;
    }

    /** This fault at one exact moment (inside its window). */
    public Fault at(long exactMs) {
        return new Fault(exactMs, kind, targets, domain, durationMs, delayMs, note, exactMs, -1, origin);
    }

    /** The time as a scene writes it: {@code 50000} or {@code 45000..55000}, or {@code after event N}. */
    public String when() {
        return isByPosition() ? "after event " + afterEvent : isWindow() ? atMs + ".." + atLatestMs : Long.toString(atMs);
    }

    public static final List<String> KINDS = List.of("power-cut", "kill", "pause", "isolate", "slow", "replication-lag",
            "leader-bounce", "restart");

    public String describe() {
        String what = domain != null ? "domain " + domain : String.join(", ", targets);
        return kind + " " + what + (isByPosition() ? " " + when() : " at " + when() + " ms") + (durationMs >= 0 ? " for " + durationMs + " ms" : "");
    }
}
